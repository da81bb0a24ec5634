/**
 * Recovery: what happens to requests when processes start, die and stop.
 * - resume (start): pending requests get their expiry timers back (or expire now); executions
 *   whose executor is gone become `interrupted`, are announced in their thread, never re-run.
 * - sweep (heartbeat, PostgreSQL): the same for other replicas' requests, and a repost of
 *   requests whose message was never recorded, only once they are stale and only by the
 *   replica that claims them (a request between insert and setMessage is not stale).
 * - interruptOwn (shutdown): this replica's own executions still running when it must stop.
 * Every interruption goes through `interrupt`, so hooks fire (the run closes, its lock is freed).
 */
import { acquireLock } from '../locks.js';
import type { ApprovalRow } from './approval-repo.js';
import { type ApprovalCore, channelOf, payloadOf } from './approval-core.js';
import type { ExpiryTimers } from './expiry.js';

/** A request whose message id is still unknown after this long lost its poster. */
export const REPOST_AFTER_MS = 30_000;

export type IsOrphan = (row: ApprovalRow) => Promise<boolean>;

export interface RecoveryReport {
  resumed: number;
  interrupted: number;
  reposted: number;
}

export class Recovery {
  constructor(
    private readonly core: ApprovalCore,
    private readonly expiry: ExpiryTimers,
  ) {}

  /** On start. `everyUnlinkedIsStale`: no other process can be posting (single-process SQLite). */
  async resume(isOrphan: IsOrphan, everyUnlinkedIsStale = false): Promise<RecoveryReport> {
    return this.sweep(isOrphan, everyUnlinkedIsStale);
  }

  async sweep(isOrphan: IsOrphan, everyUnlinkedIsStale = false): Promise<RecoveryReport> {
    const { repo, services } = this.core;
    let interrupted = 0;
    for (const row of await repo.inState('executing')) {
      if (!(await isOrphan(row))) continue;
      if (await this.interrupt(row, 'the bot process running it stopped')) interrupted++;
    }
    let reposted = 0;
    const pending = await repo.inState('pending');
    for (const row of pending) {
      if (Date.parse(row.expires_at) <= services.clock.now()) {
        await this.expiry.expire(row);
        continue;
      }
      if (!row.message_id && (everyUnlinkedIsStale || Date.parse(row.created_at) + REPOST_AFTER_MS <= services.clock.now())) {
        if (await this.repost(row)) reposted++;
      }
      this.expiry.schedule(row);
    }
    return { resumed: pending.length, interrupted, reposted };
  }

  /** Shutdown past its grace period: this replica's executions still running are interrupted. */
  async interruptOwn(reason = 'opsbridge was shut down while it ran'): Promise<number> {
    let n = 0;
    for (const row of await this.core.repo.inState('executing')) {
      if (row.executor !== this.core.services.replicaId) continue;
      if (await this.interrupt(row, reason)) n++;
    }
    return n;
  }

  /** executing → interrupted (one writer wins), announced in the thread, hooks fired. */
  async interrupt(row: ApprovalRow, reason: string): Promise<boolean> {
    const { repo, services } = this.core;
    if (!(await repo.transition(row.id, 'executing', 'interrupted', { decided_at: row.decided_at }))) return false;
    const payload = payloadOf(row);
    await services.audit.append({ actor: 'system', action: 'approval.interrupted', subject: row.id, data: { title: payload.title, executor: row.executor, reason } });
    await this.core.refresh(row.id);
    await this.core.say(
      row,
      `⚠️ "${payload.title}" was interrupted and will not be re-run automatically: ${reason}. Its processes were stopped. Check what it already changed before you request it again.`,
    );
    await this.core.fireAfter({ ...row, state: 'interrupted' }, payload, { state: 'interrupted' });
    return true;
  }

  /** Posts a request again whose message id was never stored; only the replica that claims it. */
  private async repost(row: ApprovalRow): Promise<boolean> {
    const { repo, services, poster } = this.core;
    const claimed = await acquireLock(services.store.db, `repost:${row.id}`, services.replicaId, REPOST_AFTER_MS, services.clock.now());
    if (!claimed) return false;
    const fresh = await repo.get(row.id);
    if (!fresh || fresh.state !== 'pending' || fresh.message_id) return false;
    const votes = await repo.votes(row.id);
    const message = await poster.post(channelOf(row), this.core.render(fresh, votes), { thread: row.thread_id ?? undefined });
    if (!(await repo.setMessageIfUnset(row.id, message.id, row.thread_id))) return false;
    row.message_id = message.id;
    return true;
  }
}
