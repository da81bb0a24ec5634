/**
 * Stripe replay throughput against a fake enforcing Stripe's test-mode limit (25 requests/s):
 * N failed events (BENCH_STRIPE_EVENTS, default 5000) replayed in stripe mode at rate 25.
 * - stripe_replay_efficiency: theoretical minimum (N deliveries / 25 per s) over the actual time
 *   of the replay (listing requests share the limit, so 1.0 is out of reach by design). Goal ≥ 0.9.
 * - stripe_replay_duplicates: deliveries beyond one per event, after the replay and an immediate
 *   re-run of the same window (which must skip everything). Goal 0.
 * - stripe_replay_rss_mb: peak RSS of the replaying process during the replay (the fake runs in a
 *   child process). Goal ≤ 150.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../src/core/clock.js';
import { openReplaySession, planReplay } from '../src/integrations/stripe/replay-session.js';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/store/open-store.js';

const LIMIT = 25;

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_STRIPE_EVENTS ?? 5000);
  const fake = fork(fileURLToPath(new URL('./support/stripe-fake-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_STRIPE_EVENTS: String(n), BENCH_STRIPE_LIMIT: String(LIMIT) },
  });
  const { url } = await reply<{ url: string }>(fake);
  // The bot's own SQLite store, opened as the bot opens it (no PostgreSQL driver loaded).
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-bench-stripe-'));
  const store = await openStore({ dataDir: dir });
  const config = { secretKey: 'sk_test_fake', apiUrl: url, rate: LIMIT, concurrency: 8, endpoint: 'we_fake' };
  const baseline = process.memoryUsage().rss; // runtime, tsx, SDKs and store loaded, nothing replayed
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  try {
    const plan = planReplay({ since: '7h' }, config, Date.now());
    const started = performance.now();
    const report = await openReplaySession(plan, { config, db: store.db, clock: systemClock }).run({ expectedTotal: n });
    const seconds = (performance.now() - started) / 1000;
    peak = Math.max(peak, process.memoryUsage().rss);
    const rerun = await openReplaySession(plan, { config, db: store.db, clock: systemClock }).run();
    if (report.delivered !== n || rerun.skipped !== n) {
      throw new Error(`bench replay incomplete: delivered ${report.delivered}, re-run skipped ${rerun.skipped} of ${n}`);
    }
    return {
      stripe_replay_efficiency: Number((n / LIMIT / seconds).toFixed(3)),
      stripe_replay_duplicates: (await ask<{ duplicates: number }>(fake, 'duplicates')).duplicates,
      stripe_replay_rss_mb: Math.round(peak / 1024 / 1024),
      stripe_replay_rss_baseline_mb: Math.round(baseline / 1024 / 1024),
    };
  } finally {
    clearInterval(sampler);
    fake.send('close');
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function reply<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`fake Stripe exited (${code})`)));
  });
}

function ask<T>(child: ChildProcess, question: string): Promise<T> {
  const answer = reply<T>(child);
  child.send(question);
  return answer;
}
