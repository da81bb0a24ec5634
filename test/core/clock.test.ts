import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';

describe('systemClock', () => {
  it('a timer longer than Node can hold (30 days) does not fire at once', async () => {
    let fired = 0;
    const long = systemClock.setTimeout(() => fired++, 30 * 86_400_000);
    let shortFired = 0;
    await new Promise<void>((resolve) => systemClock.setTimeout(() => (shortFired++, resolve()), 30));
    expect(shortFired).toBe(1);
    expect(fired).toBe(0);
    systemClock.clearTimeout(long);
  });
});
