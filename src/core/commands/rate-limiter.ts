import type { Clock } from '../clock.js';

/** Sliding-window limit per key (user). Memory is bounded by pruning keys whose window passed. */
export class RateLimiter {
  private hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** true if allowed (and counted); false if over the limit */
  take(key: string): boolean {
    const now = this.clock.now();
    const since = now - this.windowMs;
    const list = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= this.limit) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    if (this.hits.size > 10_000) this.prune(since);
    return true;
  }

  /** ms until the oldest hit in the window leaves it */
  retryAfterMs(key: string): number {
    const list = this.hits.get(key) ?? [];
    return list.length ? Math.max(0, list[0]! + this.windowMs - this.clock.now()) : 0;
  }

  private prune(since: number): void {
    for (const [k, list] of this.hits) if (!list.some((t) => t > since)) this.hits.delete(k);
  }
}
