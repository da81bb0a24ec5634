/**
 * Durable outbound deliveries (PagerDuty events, signed webhooks). A delivery is a row before the
 * first attempt; each attempt is claimed with a conditional write (one sender per row across
 * replicas); failures that may pass (429, 5xx, no answer) are retried on the injected clock with
 * backoff; the state of each is kept, so a restart resumes what was still pending.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { iso, type Clock, type TimerHandle } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { DeliveriesTable, Db } from '../../store/schema.js';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './backoff.js';

export type DeliveryRow = DeliveriesTable;

export interface DeliveryOutcome {
  ok: boolean;
  status?: number;
  /** false: this will never work (400, 404): stop now */
  retry: boolean;
  error?: string;
  retryAfterMs?: number;
}

export type Sender = (row: DeliveryRow) => Promise<DeliveryOutcome>;
export type SettledHook = (row: DeliveryRow, outcome: DeliveryOutcome, final: boolean) => Promise<void>;

/** While one attempt runs, nobody else takes the row; a crashed attempt is retried after this. */
const LEASE_MS = 60_000;

export class DeliveryQueue {
  private timer?: TimerHandle;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private hooks: SettledHook[] = [];
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly senders: Record<string, Sender>,
    private readonly logger: Pick<Logger, 'warn' | 'info' | 'error'>,
  ) {}

  onSettled(hook: SettledHook): void {
    this.hooks.push(hook);
  }

  async enqueue(d: { kind: string; target: string; incidentId: string | null; body: unknown }): Promise<string> {
    const at = iso(this.clock.now());
    // Time-ordered ids: deliveries enqueued in the same millisecond still go out in order.
    const id = `${at}-${String(++this.seq).padStart(9, '0')}-${randomBytes(3).toString('hex')}`;
    await this.db
      .insertInto('deliveries')
      .values({ id, kind: d.kind, target: d.target, incident_id: d.incidentId, body: JSON.stringify(d.body), state: 'pending', attempts: 0, next_attempt_at: at, last_status: null, last_error: null, created_at: at, updated_at: at })
      .execute();
    void this.kick();
    return id;
  }

  /** Sends everything due now, then sleeps (on the clock) until the next retry is due. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const run = async () => {
      // A kick during a drain or while scheduling (a delivery enqueued meanwhile) means: go again.
      do {
        this.again = false;
        await this.drain().catch((err: unknown) => this.logger.error({ err }, 'delivery queue failed'));
        await this.schedule().catch((err: unknown) => this.logger.error({ err }, 'delivery queue could not schedule a retry'));
      } while (this.again && !this.stopped);
    };
    this.draining = run().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  /** Resolves when nothing is being sent right now (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
  }

  list(incidentId?: string): Promise<DeliveryRow[]> {
    let q = this.db.selectFrom('deliveries').selectAll().orderBy('id');
    if (incidentId) q = q.where('incident_id', '=', incidentId);
    return q.execute();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = await this.db
        .selectFrom('deliveries')
        .selectAll()
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', iso(this.clock.now()))
        .orderBy('id')
        .limit(50)
        .execute();
      if (due.length === 0) return;
      for (const row of due) if (!this.stopped) await this.attempt(row);
      if (this.stopped) return;
    }
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const attempts = row.attempts + 1;
    const claimed = await this.db
      .updateTable('deliveries')
      .set({ attempts, next_attempt_at: iso(this.clock.now() + LEASE_MS), updated_at: iso(this.clock.now()) })
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return;
    const sender = this.senders[row.kind];
    let outcome: DeliveryOutcome;
    try {
      outcome = sender ? await sender(row) : { ok: false, retry: false, error: `no sender for ${row.kind}` };
    } catch (err) {
      outcome = { ok: false, retry: true, error: errorMessage(err) };
    }
    const final = outcome.ok || !outcome.retry || attempts >= MAX_DELIVERY_ATTEMPTS;
    const state = outcome.ok ? 'delivered' : final ? 'failed' : 'pending';
    const next = final ? this.clock.now() : this.clock.now() + retryDelayMs(attempts, outcome.retryAfterMs);
    await this.db
      .updateTable('deliveries')
      .set({ state, next_attempt_at: iso(next), last_status: outcome.status ?? null, last_error: outcome.error?.slice(0, 1000) ?? null, updated_at: iso(this.clock.now()) })
      .where('id', '=', row.id)
      .execute();
    if (!outcome.ok) this.logger.warn({ kind: row.kind, target: row.target, attempts, status: outcome.status, final }, `delivery ${final ? 'failed' : 'will be retried'}: ${outcome.error ?? ''}`);
    const settled = { ...row, attempts, state, last_status: outcome.status ?? null, last_error: outcome.error ?? null };
    for (const hook of this.hooks) await hook(settled, outcome, final).catch((err: unknown) => this.logger.warn({ err }, 'delivery hook failed'));
  }

  private async schedule(): Promise<void> {
    if (this.stopped) return;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const next = await this.db.selectFrom('deliveries').select('next_attempt_at').where('state', '=', 'pending').orderBy('next_attempt_at').limit(1).executeTakeFirst();
    if (!next || this.stopped) return;
    const wait = Math.max(0, Date.parse(next.next_attempt_at) - this.clock.now());
    this.timer = this.clock.setTimeout(() => void this.kick(), wait);
  }
}
