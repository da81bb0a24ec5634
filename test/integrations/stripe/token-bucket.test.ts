import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { TokenBucket } from '../../../src/integrations/stripe/token-bucket.js';

describe('TokenBucket', () => {
  it('grants a burst, then one token per 1/rate seconds, first come first served', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 10, 2);
    const order: number[] = [];
    const all = [1, 2, 3, 4, 5].map((n) => bucket.acquire().then(() => order.push(n)));
    await clock.advance(0);
    expect(order).toEqual([1, 2]);
    await clock.advance(100);
    expect(order).toEqual([1, 2, 3]);
    await clock.advance(200);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    await Promise.all(all);
  });

  it('pauses everyone for a Retry-After and drops waiters when their signal aborts', async () => {
    const clock = new ManualClock();
    const bucket = new TokenBucket(clock, 10, 1);
    await bucket.acquire();
    bucket.pauseFor(2000);
    const ac = new AbortController();
    let got = false;
    const waiting = bucket.acquire().then(() => (got = true));
    const cancelled = bucket.acquire(ac.signal).catch((e: Error) => e.message);
    await clock.advance(1500);
    expect(got).toBe(false);
    ac.abort(new Error('user cancelled'));
    expect(await cancelled).toBe('user cancelled');
    await clock.advance(700);
    await waiting;
    expect(got).toBe(true);
  });
});
