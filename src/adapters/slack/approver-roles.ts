/**
 * Who may approve, from Slack's side: members of the configured user groups (read with
 * usergroups.users.list, cached and refreshed so a reaction costs no API call) and the
 * configured user ids. Such a user gets the core role 'approver' plus the group ids.
 * A failed refresh keeps the last known members: an API hiccup mid-incident must not
 * silently strip every approver.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

import type { Clock } from '../../core/clock.js';

export const APPROVER_ROLE = 'approver';

export interface ApproverRolesOptions {
  client: webApi.WebClient;
  groups: string[];
  users: string[];
  clock: Clock;
  logger: Logger;
  /** how long a group's member list is trusted; default 5 minutes */
  refreshMs?: number;
}

interface Entry {
  members: Set<string>;
  fetchedAt: number;
}

export class ApproverRoles {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Set<string>>>();
  private readonly refreshMs: number;

  constructor(private readonly opts: ApproverRolesOptions) {
    this.refreshMs = opts.refreshMs ?? 5 * 60_000;
  }

  async rolesFor(userId: string): Promise<string[]> {
    const roles: string[] = [];
    const lists = await Promise.all(this.opts.groups.map(async (g) => [g, await this.members(g)] as const));
    for (const [group, members] of lists) if (members.has(userId)) roles.push(group);
    if (roles.length > 0 || this.opts.users.includes(userId)) roles.push(APPROVER_ROLE);
    return roles;
  }

  private async members(group: string): Promise<Set<string>> {
    const cached = this.cache.get(group);
    if (cached && this.opts.clock.now() - cached.fetchedAt < this.refreshMs) return cached.members;
    let pending = this.inflight.get(group);
    if (!pending) {
      pending = this.fetch(group, cached).finally(() => this.inflight.delete(group));
      this.inflight.set(group, pending);
    }
    return pending;
  }

  private async fetch(group: string, stale: Entry | undefined): Promise<Set<string>> {
    try {
      const res = await this.opts.client.usergroups.users.list({ usergroup: group });
      const members = new Set(res.users ?? []);
      this.cache.set(group, { members, fetchedAt: this.opts.clock.now() });
      return members;
    } catch (err) {
      this.opts.logger.warn({ err, group }, 'slack: cannot read user group members; using the last known list');
      return stale?.members ?? new Set();
    }
  }
}
