/**
 * The replay engine: failed events in the window, oldest first, each delivered to one destination
 * at most once across runs.
 *
 * - Before a slice of events is delivered, the ledger says which ones this destination already
 *   has: those are skipped. Each outcome is written to the ledger before the event counts as done,
 *   so a crash loses at most the in-flight events' records — and in stripe mode their resend
 *   carries an idempotency key, so re-sending them does not deliver twice.
 * - Rate: every request (listing and delivering) takes a token from one bucket; concurrency is
 *   bounded so a slow receiver cannot pile up requests.
 * - Cancellation (AbortSignal): nothing new starts, in-flight deliveries finish and are recorded
 *   (aborting a request already sent would leave its outcome unknown).
 * - Fatal errors (bad key, missing permission, unknown endpoint) stop the run at once; so do ten
 *   consecutive delivery failures from an unavailable Stripe or receiver. The report says what is
 *   left; running the same replay again resumes.
 */
import type Stripe from 'stripe';
import type { Clock } from '../../core/clock.js';
import { errorMessage, isOpsError, OpsError } from '../../core/errors.js';
import type { Deliverer } from './deliverers.js';
import { listFailedEventsOldestFirst, type ListedEvent } from './list-failed-events.js';
import type { ReplayLedger } from './replay-ledger.js';
import { isFatalStripeError } from './stripe-errors.js';
import type { TypeFilter } from './type-filter.js';
import type { ReplayWindow } from './window.js';

export interface ReplayProgress {
  /** events handled so far: delivered + skipped + failed */
  done: number;
  /** from the dry run, when known */
  total?: number;
  delivered: number;
  skipped: number;
  failed: number;
  /** deliveries (successful or not) per second since the start */
  rate: number;
  etaMs?: number;
  elapsedMs: number;
}

export interface ReplayFailure {
  id: string;
  type: string;
  created: number;
  reason: string;
}

export interface ReplayReport extends ReplayProgress {
  destination: string;
  window: ReplayWindow;
  /** the first failures, oldest first (bounded: see failed for the count) */
  failures: ReplayFailure[];
  /** events in the window not attempted because the run stopped (when the total is known) */
  remaining: number;
  cancelled: boolean;
  /** why the run stopped early, if it did */
  stopped?: { code: string; message: string };
}

export interface ReplayOptions {
  stripe: Stripe;
  deliverer: Deliverer;
  /** ledger key, from destinationKey() */
  destination: string;
  ledger: ReplayLedger;
  window: ReplayWindow;
  filter: TypeFilter;
  concurrency: number;
  clock: Clock;
  signal?: AbortSignal;
  /** the dry run's total, for n/N and the ETA */
  expectedTotal?: number;
  /** called at most once per `progressIntervalMs` (default 1 s), and once at the end */
  onProgress?: (p: ReplayProgress) => void;
  progressIntervalMs?: number;
  sliceCap?: number;
  /** failures kept in the report (default 100) */
  maxFailuresListed?: number;
  /** consecutive unavailable/unreachable failures that stop the run (default 10) */
  breakerThreshold?: number;
}

const OUTAGE_CODES = new Set(['STRIPE_UNAVAILABLE', 'STRIPE_UNREACHABLE', 'STRIPE_RATE_LIMITED', 'STRIPE_DIRECT_UNREACHABLE']);

export async function replayEvents(opts: ReplayOptions): Promise<ReplayReport> {
  const { clock, signal, deliverer, ledger, destination } = opts;
  const started = clock.now();
  const interval = opts.progressIntervalMs ?? 1000;
  const maxListed = opts.maxFailuresListed ?? 100;
  const breaker = opts.breakerThreshold ?? 10;
  let delivered = 0;
  let skipped = 0;
  let failed = 0;
  let consecutiveOutages = 0;
  let lastEmit = -Infinity;
  let stopped: { code: string; message: string } | undefined;
  const failures: ReplayFailure[] = [];
  const inflight = new Set<Promise<void>>();

  const progress = (): ReplayProgress => {
    const elapsedMs = Math.max(0, clock.now() - started);
    const attempted = delivered + failed;
    const rate = elapsedMs > 0 ? (attempted * 1000) / elapsedMs : 0;
    const done = delivered + skipped + failed;
    const p: ReplayProgress = { done, delivered, skipped, failed, rate, elapsedMs };
    if (opts.expectedTotal !== undefined) {
      p.total = opts.expectedTotal;
      if (rate > 0) p.etaMs = Math.round((Math.max(0, opts.expectedTotal - done) / rate) * 1000);
    }
    return p;
  };
  const maybeEmit = () => {
    if (!opts.onProgress) return;
    const now = clock.now();
    if (now - lastEmit < interval) return;
    lastEmit = now;
    opts.onProgress(progress());
  };
  const stop = (err: unknown) => {
    stopped ??= isOpsError(err) ? { code: err.code, message: err.message } : { code: 'STRIPE_REPLAY_FAILED', message: errorMessage(err) };
  };
  const halted = () => stopped !== undefined || signal?.aborted === true;

  const deliverOne = async (ev: ListedEvent) => {
    let outcome: { ok: true } | { ok: false; error: string };
    try {
      await deliverer.deliver(ev, signal);
      outcome = { ok: true };
      consecutiveOutages = 0;
    } catch (err) {
      // Cancelled while waiting for a token or a backoff: never sent (or its fate is unknown
      // and the idempotency key covers a resend); leave it unrecorded for the next run.
      if (signal?.aborted) return;
      if (isFatalStripeError(err)) return stop(err);
      const message = errorMessage(err);
      outcome = { ok: false, error: message };
      if (isOpsError(err) && OUTAGE_CODES.has(err.code) && ++consecutiveOutages >= breaker) {
        stop(new OpsError(err.code, `stopped after ${consecutiveOutages} consecutive failed deliveries; last: ${message}`));
      }
    }
    try {
      await ledger.record(destination, ev, outcome);
    } catch (err) {
      // Without the record, continuing could deliver again on the next run: stop here.
      return stop(new OpsError('STRIPE_LEDGER_WRITE', `cannot record delivery of ${ev.id}: ${errorMessage(err)}`, { cause: err }));
    }
    if (outcome.ok) delivered++;
    else {
      failed++;
      if (failures.length < maxListed) failures.push({ id: ev.id, type: ev.type, created: ev.created, reason: outcome.error });
    }
    maybeEmit();
  };

  maybeEmit();
  try {
    outer: for await (const slice of listFailedEventsOldestFirst(opts.stripe, opts.window, opts.filter, {
      keepRaw: deliverer.needsBody,
      ...(opts.sliceCap ? { sliceCap: opts.sliceCap } : {}),
    })) {
      if (halted()) break;
      const done = await ledger.deliveredAmong(destination, slice.map((e) => e.id));
      for (const ev of slice) {
        if (done.has(ev.id)) {
          skipped++;
          maybeEmit();
          continue;
        }
        while (inflight.size >= opts.concurrency) await Promise.race(inflight);
        if (halted()) break outer;
        const task: Promise<void> = deliverOne(ev).finally(() => inflight.delete(task));
        inflight.add(task);
      }
    }
  } catch (err) {
    if (!signal?.aborted) stop(err);
  }
  await Promise.all(inflight);

  const final = progress();
  opts.onProgress?.(final);
  failures.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  return {
    ...final,
    destination,
    window: opts.window,
    failures,
    remaining: opts.expectedTotal !== undefined ? Math.max(0, opts.expectedTotal - final.done) : 0,
    cancelled: signal?.aborted === true,
    ...(stopped ? { stopped } : {}),
  };
}
