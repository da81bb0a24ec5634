/**
 * A Discord member → the core's Actor. Roles are the member's role ids only: a role *name* is
 * chosen by whoever has Manage Roles, so it never reaches the approval policy. Who may approve
 * (role and user ids) is snapshotted by the core from `discordApprovers`.
 */
import type { Actor } from '../../core/chat.js';

export interface MemberInfo {
  userId: string;
  username: string;
  roleIds: readonly string[];
}

export function actorFromMember(m: MemberInfo, guildId?: string): Actor {
  const roles = [...new Set(m.roleIds.filter((id) => id !== guildId))]; // @everyone carries the guild's id
  return { platform: 'discord', id: m.userId, name: m.username, roles };
}
