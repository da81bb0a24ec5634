import { expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { RateLimiter } from '../../../src/core/commands/rate-limiter.js';

it('allows N per window per user and frees up as the window slides', async () => {
  const clock = new ManualClock();
  const limiter = new RateLimiter(3, 60_000, clock);
  expect([1, 2, 3, 4].map(() => limiter.take('alice'))).toEqual([true, true, true, false]);
  expect(limiter.take('bob')).toBe(true);
  expect(limiter.retryAfterMs('alice')).toBe(60_000);
  await clock.advance(60_001);
  expect(limiter.take('alice')).toBe(true);
});
