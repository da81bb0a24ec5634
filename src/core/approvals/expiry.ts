/**
 * Expiry timers: one per pending request in this process, armed at its stored `expires_at`.
 * Every replica arms its own; the conditional `pending → expired` write lets only one of them
 * announce it. A vote that arrives after the deadline expires the request itself (timers can
 * be late: a suspended laptop, a busy event loop).
 */
import { iso, type TimerHandle } from '../clock.js';
import { clockTime } from '../wording.js';
import type { ApprovalRow } from './approval-repo.js';
import { type ApprovalCore, payloadOf } from './approval-core.js';

export class ExpiryTimers {
  private readonly timers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(private readonly core: ApprovalCore) {}

  schedule(row: ApprovalRow): void {
    if (this.stopped) return;
    const { clock, logger } = this.core.services;
    this.clear(row.id);
    const due = Math.max(0, Date.parse(row.expires_at) - clock.now());
    this.timers.set(
      row.id,
      clock.setTimeout(() => {
        this.timers.delete(row.id);
        this.core.track(this.expire(row).then(() => undefined, (err) => logger.error({ err, approval: row.id }, 'expiring approval failed')));
      }, due),
    );
  }

  clear(id: string): void {
    const t = this.timers.get(id);
    if (t) this.core.services.clock.clearTimeout(t);
    this.timers.delete(id);
  }

  /** true if this call expired it (false: already decided, or not yet due and another replica won). */
  async expire(row: ApprovalRow): Promise<boolean> {
    const { services } = this.core;
    this.clear(row.id);
    if (!(await this.core.repo.transition(row.id, 'pending', 'expired', { decided_at: iso(services.clock.now()) }))) return false;
    const payload = payloadOf(row);
    await services.audit.append({ actor: 'system', action: 'approval.expired', subject: row.id, data: { title: payload.title } });
    await this.core.refresh(row.id);
    await this.core.say(row, `⌛ Approval for "${payload.title}" expired at ${clockTime(row.expires_at, this.core.services.clock.now())} without enough approvals; nothing was run. Request it again if it is still needed.`);
    await this.core.fireAfter({ ...row, state: 'expired' }, payload, { state: 'expired' });
    return true;
  }

  /** Disarms every timer and arms no new ones (shutdown). */
  stop(): void {
    this.stopped = true;
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  get size(): number {
    return this.timers.size;
  }
}
