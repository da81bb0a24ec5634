/**
 * Step runner costs:
 * - exec_big_output_rss_growth_mb: RSS growth (MB, sampled every 10 ms) while a step writes 1 GiB
 *   to stdout. Goal ≤ 64: output is kept as a bounded head + tail, never buffered whole.
 * - exec_spawn_overhead_ratio: median end-to-end time of a `true` step through the runner over a
 *   raw child_process spawn of `bash -o pipefail -c true`, measured interleaved in the same run.
 *   Goal ≤ 1.5.
 */
import { spawn } from 'node:child_process';
import { createRedactor } from '../src/core/redact/redact.js';
import { createStepRunner, findBash } from '../src/core/exec/run-step.js';
import { median, round } from './support/stats.js';

const ITERATIONS = 50;
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
/** the same bash binary the runner uses, so only the runner's own work differs */
const bash = findBash(process.env.PATH);

export async function run(): Promise<Record<string, number>> {
  const runner = createStepRunner({ redactor: createRedactor({ env: process.env }) });
  return {
    exec_big_output_rss_growth_mb: await bigOutputRssGrowth(runner),
    exec_spawn_overhead_ratio: await spawnOverheadRatio(runner),
  };
}

async function bigOutputRssGrowth(runner: ReturnType<typeof createStepRunner>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  try {
    const r = await runner({ script: 'head -c 1073741824 /dev/zero', env, timeoutMs: 300_000 });
    if (!r.ok || !r.truncated) throw new Error(`1 GiB step did not complete: ${r.reason ?? 'not truncated'}`);
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return round((peak - before) / (1024 * 1024));
}

async function spawnOverheadRatio(runner: ReturnType<typeof createStepRunner>): Promise<number> {
  const raw: number[] = [];
  const step: number[] = [];
  // warm up both paths (module loading, first-spawn costs) before measuring
  await rawSpawn();
  await runner({ script: 'true', env, timeoutMs: 10_000 });
  for (let i = 0; i < ITERATIONS; i++) {
    // interleaved, so machine load affects both series alike
    raw.push(await rawSpawn());
    const t = performance.now();
    const r = await runner({ script: 'true', env, timeoutMs: 10_000 });
    step.push(performance.now() - t);
    if (!r.ok) throw new Error(`true step failed: ${r.reason ?? ''}`);
  }
  return round(median(step) / median(raw));
}

/** The baseline: what any runner must do at least — spawn bash, read its pipes, wait for close. */
function rawSpawn(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(bash, ['-o', 'pipefail', '-c', 'true'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - t));
  });
}
