import type { Clock } from '../../core/clock.js';

/** Waits on the injected clock, so tests move time instead of sleeping. */
export function clockSleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
