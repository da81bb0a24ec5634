/**
 * Stripe replay throughput against a fake enforcing Stripe's test-mode limit (25 requests/s):
 * N failed events (BENCH_STRIPE_EVENTS, default 5000) replayed in stripe mode at rate 25.
 * - stripe_replay_efficiency: theoretical minimum (N deliveries / 25 per s) over the actual time
 *   of the replay (listing requests share the limit, so 1.0 is out of reach by design). Goal ≥ 0.9.
 * - stripe_replay_duplicates: deliveries beyond one per event, after the replay and an immediate
 *   re-run of the same window (which must skip everything). Goal 0.
 * - stripe_replay_rss_mb: peak RSS of the replaying process during the replay. Goal ≤ 150. The
 *   replay runs on the compiled build with plain node (bench/support/stripe-replay-process.mjs), as
 *   the bot runs it; the fake runs in a process of its own. stripe_replay_rss_baseline_mb: its RSS
 *   with the runtime and store loaded, before the first request.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LIMIT = 25;

export async function run(): Promise<Record<string, number>> {
  const n = Number(process.env.BENCH_STRIPE_EVENTS ?? 5000);
  const fake = fork(fileURLToPath(new URL('./support/stripe-fake-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_STRIPE_EVENTS: String(n), BENCH_STRIPE_LIMIT: String(LIMIT) },
  });
  try {
    const { url } = await reply<{ url: string }>(fake);
    const replayer = fileURLToPath(new URL('./support/stripe-replay-process.mjs', import.meta.url));
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [replayer, url, String(n), String(LIMIT)], { maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
    );
    const r = JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; delivered: number; rerunSkipped: number; peakRssMb: number; baselineRssMb: number };
    if (r.delivered !== n || r.rerunSkipped !== n) throw new Error(`bench replay incomplete: delivered ${r.delivered}, re-run skipped ${r.rerunSkipped} of ${n}`);
    return {
      stripe_replay_efficiency: Number((n / LIMIT / r.seconds).toFixed(3)),
      stripe_replay_duplicates: (await ask<{ duplicates: number }>(fake, 'duplicates')).duplicates,
      stripe_replay_rss_mb: r.peakRssMb,
      stripe_replay_rss_baseline_mb: r.baselineRssMb,
    };
  } finally {
    fake.send('close');
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
