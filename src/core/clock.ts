/**
 * Time is injected so TTLs, rate limits and coalescing are tested by moving a clock,
 * never by sleeping.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly id: number;
}

const realTimers = new Map<number, NodeJS.Timeout>();
let realTimerId = 1;

/** Node fires a timer longer than 2^31-1 ms (~24.8 days) at once; longer waits are re-armed in steps. */
export const MAX_TIMER_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = realTimerId++;
    const due = Date.now() + Math.max(0, Number.isFinite(ms) ? ms : MAX_TIMER_MS);
    const arm = (wait: number) => {
      const t = setTimeout(() => {
        const left = due - Date.now();
        if (left > 0 && realTimers.has(id)) return arm(left);
        realTimers.delete(id);
        fn();
      }, Math.min(wait, MAX_TIMER_MS));
      // Timers never hold the process open: shutdown is explicit.
      t.unref();
      realTimers.set(id, t);
    };
    arm(due - Date.now());
    return { id };
  },
  clearTimeout(handle) {
    clearTimeout(realTimers.get(handle.id));
    realTimers.delete(handle.id);
  },
};

/** A clock that only moves when told to. Timers fire in due order during `advance`. */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, { due: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { due: this.current + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  /** Moves time forward, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      let next: [number, { due: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.current = next[1].due;
      next[1].fn();
      await new Promise((r) => setImmediate(r));
    }
    this.current = target;
  }

  pending(): number {
    return this.timers.size;
  }
}

export const iso = (ms: number): string => new Date(ms).toISOString();
