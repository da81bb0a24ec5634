/**
 * Payloads shaped like Slack's own (field names and nesting as Slack sends them), for both
 * transports: Socket Mode wraps them in envelopes, HTTP mode posts them signed.
 */
import { randomUUID } from 'node:crypto';

import type { FakeSlack } from './fake-slack.js';

export interface SlashOptions {
  command: string;
  text?: string;
  user: string;
  userName?: string;
  channel: string;
  channelName?: string;
}

export function slashCommandPayload(fake: FakeSlack, o: SlashOptions): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    team_domain: 'fake',
    channel_id: o.channel,
    channel_name: o.channelName ?? 'incidents',
    user_id: o.user,
    user_name: o.userName ?? o.user.toLowerCase(),
    command: o.command.startsWith('/') ? o.command : `/${o.command}`,
    text: o.text ?? '',
    api_app_id: fake.appId,
    is_enterprise_install: 'false',
    response_url: `${fake.baseUrl}/respond/${randomUUID()}`,
    trigger_id: `${Date.now()}.trigger`,
  };
}

export interface ReactionOptions {
  user: string;
  reaction: string;
  channel: string;
  ts: string;
  itemUser?: string;
  eventId?: string;
}

export function reactionPayload(fake: FakeSlack, o: ReactionOptions): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    api_app_id: fake.appId,
    event: {
      type: 'reaction_added',
      user: o.user,
      reaction: o.reaction,
      item_user: o.itemUser ?? fake.botUserId,
      item: { type: 'message', channel: o.channel, ts: o.ts },
      event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

export interface ButtonOptions {
  user: string;
  userName?: string;
  actionId: string;
  value?: string;
  channel: string;
  messageTs: string;
  threadTs?: string;
}

export function blockActionPayload(fake: FakeSlack, o: ButtonOptions): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: o.user, username: o.userName ?? o.user.toLowerCase(), name: o.userName ?? o.user.toLowerCase(), team_id: fake.teamId },
    api_app_id: fake.appId,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false, ...(o.threadTs ? { thread_ts: o.threadTs } : {}) },
    trigger_id: `${Date.now()}.trigger`,
    team: { id: fake.teamId, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: 'incidents' },
    message: { type: 'message', user: fake.botUserId, ts: o.messageTs, text: 'approval', ...(o.threadTs ? { thread_ts: o.threadTs } : {}) },
    state: { values: {} },
    response_url: `${fake.baseUrl}/respond/${randomUUID()}`,
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: o.actionId, emoji: true },
        ...(o.value ? { value: o.value } : {}),
        action_ts: `${Math.floor(Date.now() / 1000)}.000200`,
      },
    ],
  };
}
