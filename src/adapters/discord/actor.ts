/**
 * A Discord member → the core's Actor. Roles are the member's role ids and names; holding any
 * role (by id or name) listed in discord.approverRoles adds the core role 'approver', so the
 * approval policy never needs to know Discord ids.
 */
import type { Actor } from '../../core/chat.js';

export interface MemberInfo {
  userId: string;
  username: string;
  roleIds: readonly string[];
  /** role id → name, from the guild's role cache */
  roleName(id: string): string | undefined;
}

export const APPROVER_ROLE = 'approver';

export function actorFromMember(m: MemberInfo, approverRoles: readonly string[], guildId?: string): Actor {
  const ids = m.roleIds.filter((id) => id !== guildId); // @everyone carries the guild's id
  const names = ids.map((id) => m.roleName(id)).filter((n): n is string => Boolean(n));
  const roles = [...new Set([...ids, ...names])];
  const wanted = new Set(approverRoles.map((r) => r.toLowerCase()));
  if (roles.some((r) => wanted.has(r.toLowerCase())) && !roles.includes(APPROVER_ROLE)) roles.push(APPROVER_ROLE);
  return { platform: 'discord', id: m.userId, name: m.username, roles };
}
