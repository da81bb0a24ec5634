/**
 * A Slack user's roles for the core: the ids of the watched user groups they belong to (read
 * with usergroups.users.list, cached and refreshed so a reaction costs no API call). Watched are
 * the configured approver groups plus any group id a runbook names in `approval: { roles }`.
 * Only ids: no name and no synthetic role, so nothing a user can edit grants anything.
 * A failed refresh keeps the last known members: an API hiccup mid-incident must not
 * silently strip every approver.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

import type { Clock } from '../../core/clock.js';

import { SLACK_GROUP_ID } from './approver-config.js';

export interface ApproverRolesOptions {
  client: webApi.WebClient;
  groups: string[];
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
    this.groups = new Set(opts.groups);
  }

  private readonly groups: Set<string>;

  /** Also watch these group ids (from runbooks); anything that is not a Slack group id is ignored. */
  watch(ids: string[]): void {
    for (const id of ids) if (SLACK_GROUP_ID.test(id)) this.groups.add(id);
  }

  async rolesFor(userId: string): Promise<string[]> {
    const roles: string[] = [];
    const lists = await Promise.all([...this.groups].map(async (g) => [g, await this.members(g)] as const));
    for (const [group, members] of lists) if (members.has(userId)) roles.push(group);
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
