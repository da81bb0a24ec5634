/**
 * The quiet-spell collection gives start-up garbage back: after a burst of allocation the young
 * generation has grown, and once the loop is quiet it is shrunk again and the committed heap is
 * smaller than it was.
 */
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { watchForQuiet } from '../../src/cli/idle-footprint.js';

const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.physical_space_size;

function allocateBurst(): number {
  // Survivors make V8 grow the young generation, as module loading at start-up does.
  const keep: object[] = [];
  for (let i = 0; i < 2_000_000; i++) {
    const o = { i, s: `item ${i}` };
    if (i % 4 === 0) keep.push(o);
  }
  return keep.length;
}

describe('watchForQuiet', () => {
  it('returns the young generation and start-up garbage once the loop is quiet', async () => {
    allocateBurst();
    const grownNew = newSpace();
    const grownHeap = v8.getHeapStatistics().total_physical_size;
    let stop = () => {};
    await new Promise<void>((resolve) => {
      stop = watchForQuiet({ tickMs: 20, quietTicks: 3, onCollected: resolve });
    });
    stop();
    expect(newSpace()).toBeLessThan(grownNew);
    expect(v8.getHeapStatistics().total_physical_size).toBeLessThan(grownHeap);
  });
});
