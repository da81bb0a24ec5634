/**
 * Runs a promise to completion while moving a ManualClock: whenever the code under test is
 * waiting on the clock (pacing, Retry-After, backoff), time moves on by `stepMs`; while it
 * waits on real I/O, we yield. No assertion depends on wall-clock speed.
 */
import type { ManualClock } from '../../../src/core/clock.js';

export async function drive<T>(promise: Promise<T>, clock: ManualClock, stepMs = 250): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    if (clock.pending() > 0) await clock.advance(stepMs);
    else await new Promise((r) => setTimeout(r, 1));
  }
  return promise;
}

/** moves the clock until `cond` holds (e.g. a retry has landed) */
export async function driveUntil(cond: () => boolean, clock: ManualClock, stepMs = 250, maxSteps = 20_000): Promise<void> {
  for (let i = 0; !cond(); i++) {
    if (i > maxSteps) throw new Error('driveUntil: condition never held');
    if (clock.pending() > 0) await clock.advance(stepMs);
    else await new Promise((r) => setTimeout(r, 1));
  }
}
