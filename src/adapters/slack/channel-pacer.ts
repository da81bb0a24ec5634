/**
 * Slack allows about one chat.postMessage per second per channel, with short bursts. A token
 * bucket per channel keeps normal flow under that (a split message's follow-ups fit the burst),
 * so 429s stay the exception that WebClient's Retry-After handling covers.
 */
import type { Clock } from '../../core/clock.js';

export interface PacerOptions {
  clock: Clock;
  /** posts allowed back to back; default 4 */
  burst?: number;
  /** sustained posts per second; default 1 */
  perSecond?: number;
}

interface Bucket {
  tokens: number;
  at: number;
  queue: Promise<void>;
}

export class ChannelPacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;

  constructor(private readonly opts: PacerOptions) {
    this.burst = opts.burst ?? 4;
    this.perMs = (opts.perSecond ?? 1) / 1000;
  }

  /** Resolves when a post to `channel` may go out; callers are served in order. */
  acquire(channel: string): Promise<void> {
    let b = this.buckets.get(channel);
    if (!b) {
      b = { tokens: this.burst, at: this.opts.clock.now(), queue: Promise.resolve() };
      this.buckets.set(channel, b);
    }
    const bucket = b;
    const turn = bucket.queue.then(() => this.take(bucket));
    bucket.queue = turn;
    return turn;
  }

  private async take(b: Bucket): Promise<void> {
    const now = this.opts.clock.now();
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    if (b.tokens < 1) {
      const wait = Math.ceil((1 - b.tokens) / this.perMs);
      await new Promise<void>((r) => this.opts.clock.setTimeout(r, wait));
      b.tokens = 1;
      b.at = this.opts.clock.now();
    }
    b.tokens -= 1;
  }
}
