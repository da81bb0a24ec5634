/**
 * Process-wide memory settings for a small idle footprint. cli-run.ts calls reduceIdleFootprint()
 * before running a command, so they apply to `npm start`, `node bin/opsbridge.js …` and
 * `npm run dev` alike, without re-executing Node with flags (that would cost start-up time).
 *
 * - WebAssembly stays on V8's baseline compiler (Liftoff). The only wasm is PostgreSQL's parser
 *   (libpg-query); once it is hot, V8's optimizing tier compiles its huge functions in the
 *   background and that compiler memory stays in the C allocator: about 40 MB of RSS for the
 *   life of the process (measured on `opsbridge console`). Baseline code parses our short
 *   statements as fast. V8 reads the flag when it compiles a module, so setting it now works.
 * - Start-up garbage goes back to the OS as soon as the process first falls quiet (watchForQuiet).
 */
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

const MB = 1024 * 1024;

export function reduceIdleFootprint(): void {
  v8.setFlagsFromString('--liftoff-only');
  watchForQuiet();
}

export interface QuietOptions {
  /** how often the event loop's utilization is sampled */
  tickMs?: number;
  /** consecutive quiet samples before collecting */
  quietTicks?: number;
  /** stop watching after this long; V8's own memory reducer has the job from then on */
  watchMs?: number;
  /** called after each collection (tests) */
  onCollected?: () => void;
}

/**
 * V8 keeps the young generation at the size start-up grew it to (32 MB) and start-up's garbage in
 * the old generation until its memory reducer runs, 20–30 s into an idle bot (measured). This runs
 * the same memory-reducing collection (LowMemoryNotification, reached through the in-process
 * inspector's HeapProfiler.collectGarbage; no flag or debugger port needed) once the event loop
 * has been nearly idle for a second: the pages go back to the OS right away. It runs again on a
 * later quiet spell only if the heap grew back by REGROWTH, and never while the loop is busy, so
 * the pause (tens of ms) never lands in the middle of work.
 */
export function watchForQuiet(opts: QuietOptions = {}): () => void {
  const tickMs = opts.tickMs ?? 250;
  const quietTicks = opts.quietTicks ?? 4;
  const watchMs = opts.watchMs ?? 120_000;
  const REGROWTH = 8 * MB;
  const QUIET = 0.05;
  const started = performance.now();
  let last = performance.eventLoopUtilization();
  let quiet = 0;
  let collecting = false;
  let baseline = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    quiet = performance.eventLoopUtilization(now, last).utilization < QUIET ? quiet + 1 : 0;
    last = now;
    if (performance.now() - started > watchMs) return clearInterval(timer);
    if (collecting || quiet < quietTicks || committedHeap() - baseline < REGROWTH) return;
    collecting = true;
    collectGarbage().then(
      () => {
        baseline = committedHeap();
        quiet = 0;
        collecting = false;
        opts.onCollected?.();
      },
      () => clearInterval(timer), // Node built without the inspector: leave it to V8
    );
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}

function committedHeap(): number {
  return v8.getHeapStatistics().total_physical_size;
}

async function collectGarbage(): Promise<void> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) => session.post('HeapProfiler.collectGarbage', (err) => (err ? reject(err) : resolve())));
  } finally {
    // Disconnecting from inside the session's own callback hangs it: leave the callback first.
    await new Promise((resolve) => setImmediate(resolve));
    session.disconnect();
  }
}
