import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../src/core/bounded-map.js';
import { Poster } from '../../src/core/poster.js';

describe('BoundedMap', () => {
  it('keeps at most max entries, forgetting the least recently set', () => {
    const m = new BoundedMap<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c', 'd'].entries()) m.set(k, i);
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
    m.set('b', 9); // touched: now the newest
    m.set('e', 5);
    expect([...m.keys()]).toEqual(['d', 'b', 'e']);
  });

  it('a poster that edited 20,000 messages keeps a bounded pacing table', async () => {
    const adapter = { platform: 'console', post: async () => ({ channel: { platform: 'console', id: 'c' }, id: 'x' }), update: async () => undefined, notify: async () => undefined, start: async () => undefined, stop: async () => undefined, ready: () => true };
    const poster = new Poster(new Map([['console', adapter]]), { redact: (s: string) => s } as never, { now: () => 0, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined });
    for (let i = 0; i < 20_000; i++) await poster.update({ channel: { platform: 'console', id: 'c' }, id: `m${i}` }, { blocks: [] });
    expect((poster as unknown as { lastEdit: Map<string, number> }).lastEdit.size).toBeLessThanOrEqual(5000);
  });
});
