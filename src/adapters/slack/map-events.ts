/**
 * Slack payloads → core values. Pure functions, so the mapping is tested without a socket.
 * Roles and names are resolved by the caller (they need API calls) and passed in.
 */
import type { Action, Actor, ChannelRef, Invocation, Reaction } from '../../core/chat.js';

export interface SlashPayload {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  response_url?: string;
}

export interface ReactionEvent {
  user: string;
  reaction: string;
  /** author of the message reacted to */
  item_user?: string;
  item: { type: string; channel?: string; ts?: string };
}

export interface BlockActionsBody {
  type: 'block_actions';
  user: { id: string; username?: string; name?: string };
  channel?: { id: string; name?: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string };
  actions: { action_id: string; value?: string }[];
}

export function slackChannel(id: string, name?: string): ChannelRef {
  return name ? { platform: 'slack', id, name } : { platform: 'slack', id };
}

export function slackActor(id: string, name: string, roles: string[]): Actor {
  return { platform: 'slack', id, name, roles };
}

/** '/incident' → 'incident' */
export function commandName(command: string): string {
  return command.replace(/^\//, '').trim().toLowerCase();
}

export function toInvocation(p: SlashPayload, roles: string[], receivedAt: number): Invocation {
  return {
    command: commandName(p.command),
    args: (p.text ?? '').trim(),
    actor: slackActor(p.user_id, p.user_name || p.user_id, roles),
    channel: slackChannel(p.channel_id, p.channel_name),
    platform: 'slack',
    receivedAt,
  };
}

/** Only reactions on messages matter (not on files); undefined otherwise. */
export function toReaction(e: ReactionEvent, actor: Actor): Reaction | undefined {
  if (e.item.type !== 'message' || !e.item.channel || !e.item.ts) return undefined;
  return { message: { channel: slackChannel(e.item.channel), id: e.item.ts }, emoji: e.reaction, actor };
}

export function toActions(body: BlockActionsBody, actor: Actor): Action[] {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  if (!channelId || !ts) return [];
  const thread = body.message?.thread_ts ?? body.container?.thread_ts;
  const message = { channel: slackChannel(channelId, body.channel?.name), id: ts, ...(thread && thread !== ts ? { thread } : {}) };
  return body.actions.map((a) => ({ message, actionId: a.action_id, actor }));
}
