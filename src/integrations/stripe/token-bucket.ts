/**
 * Token bucket shared by every request of one replay (listing pages and deliveries), so the
 * total stays under Stripe's per-account limit. Waiters are served first come, first served,
 * which keeps deliveries in the order they were started (oldest event first).
 * A 429 pauses the whole bucket (`pauseFor`), as Stripe's limit is per account, not per request.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { abortReason } from './sleep.js';

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class TokenBucket {
  readonly rate: number;
  readonly capacity: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private queue: Waiter[] = [];
  private timer: TimerHandle | undefined;

  /**
   * @param rate tokens per second
   * @param capacity burst size; a small burst absorbs timer lateness without exceeding the rate
   *   over any one-second span by more than `capacity`
   */
  constructor(private readonly clock: Clock, rate: number, capacity = Math.max(1, Math.floor(rate / 4))) {
    if (!(rate > 0)) throw new RangeError('rate must be positive');
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = clock.now();
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Nobody gets a token for `ms` (Retry-After); tokens do not pile up meanwhile. */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
    this.tokens = 0;
    this.pump();
  }

  private refill(now: number): void {
    const from = Math.max(this.last, this.pausedUntil);
    if (now > from) this.tokens = Math.min(this.capacity, this.tokens + ((now - from) * this.rate) / 1000);
    this.last = Math.max(now, this.last);
  }

  private pump(): void {
    const now = this.clock.now();
    this.refill(now);
    while (this.queue.length > 0 && this.tokens >= 1 && now >= this.pausedUntil) {
      this.tokens -= 1;
      const w = this.queue.shift()!;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve();
    }
    if (this.timer) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length > 0) {
      const wait = Math.max(this.pausedUntil - now, ((1 - this.tokens) * 1000) / this.rate, 1);
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.pump();
      }, Math.ceil(wait));
    }
  }
}
