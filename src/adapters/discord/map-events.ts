/**
 * discord.js events → core values: where a message lives (a thread reports its parent channel),
 * who acted (user id and role ids), what was typed, pressed or reacted. Small functions over the
 * few fields they read, so the mapping is tested without a gateway.
 */
import type { ButtonInteraction, ChatInputCommandInteraction, Guild } from 'discord.js';

import type { Action, Actor, ChannelRef, Invocation, MessageRef } from '../../core/chat.js';
import { actorFromMember } from './actor.js';
import { optionsToArgs } from './interaction-args.js';

/** the fields of a discord.js channel the mapping reads */
export interface ChannelLike {
  id: string;
  isThread?(): boolean;
  parentId?: string | null;
  parent?: { name: string } | null;
  name?: string | null;
}

/** an incident channel, and the thread inside it where the event happened */
export interface Where {
  channel: ChannelRef;
  thread?: string;
}

/** incident channel of a channel or thread: threads report their parent */
export function whereOf(ch: ChannelLike | null, channelId: string): Where {
  if (ch?.isThread?.() && ch.parentId) {
    return { channel: { platform: 'discord', id: ch.parentId, name: ch.parent?.name }, thread: ch.id };
  }
  const name = ch && typeof ch.name === 'string' ? ch.name : undefined;
  return { channel: { platform: 'discord', id: channelId, ...(name ? { name } : {}) } };
}

export function messageRefOf(where: Where, id: string): MessageRef {
  return { channel: where.channel, id, ...(where.thread ? { thread: where.thread } : {}) };
}

export function actorOf(user: { id: string; username?: string | null }, guildId: string | undefined, roleIds: readonly string[]): Actor {
  return actorFromMember({ userId: user.id, username: user.username ?? user.id, roleIds }, guildId);
}

/** the member's role ids an interaction carries (cached guild: the member; otherwise the raw id list) */
export function interactionRoleIds(i: ChatInputCommandInteraction | ButtonInteraction): string[] {
  if (i.inCachedGuild()) return [...i.member.roles.cache.keys()];
  return Array.isArray(i.member?.roles) ? i.member.roles : [];
}

/** a reacting member's role ids: reactions carry no member, so it is looked up (cache first) */
export async function memberRoleIds(guild: Guild | null, userId: string): Promise<string[]> {
  if (!guild) return [];
  const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId).catch(() => null));
  return member ? [...member.roles.cache.keys()] : [];
}

export function invocationOf(i: ChatInputCommandInteraction, where: Where, receivedAt: number): Invocation {
  return {
    command: i.commandName,
    args: optionsToArgs(i.options.data),
    actor: actorOf(i.user, i.guild?.id, interactionRoleIds(i)),
    channel: where.channel,
    ...(where.thread ? { thread: where.thread } : {}),
    platform: 'discord',
    receivedAt,
  };
}

export function actionOf(i: ButtonInteraction, where: Where): Action {
  return { message: messageRefOf(where, i.message.id), actionId: i.customId, actor: actorOf(i.user, i.guild?.id, interactionRoleIds(i)) };
}

/** Custom emoji are reported by name, unicode ones as the character. */
export function reactionEmoji(emoji: { name: string | null; id: string | null }): string {
  return emoji.name ?? emoji.id ?? '';
}
