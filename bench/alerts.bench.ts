/**
 * Alert figures, all in one run on SQLite through the real HTTP routes and the console adapter:
 * - alert_to_diagnostics_ms_p50 / _p99: from the webhook request to the first diagnostic's output
 *   in the channel, over 50 alerts (each a new incident);
 * - incident_to_diagnostics_ms_p50: the same runbook started by `/incident db`, 50 times;
 *   alert_overhead_ratio = alert p50 / incident p50 (goal ≤ 1.2);
 * - alert_ingest_per_s: 10,000 distinct notifications posted 16 at a time, 202s per second
 *   (goal ≥ 500/s) from a sender in its own process, with the processor working beside it; alert_lost counts stored minus sent;
 *   alert_processed_per_s: the same notifications processed (incident events) per second.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConsoleEvent } from '../src/adapters/console/console-adapter.js';
import { renderPlainText } from '../src/core/message.js';
import { startAlertHarness, TOKEN } from '../test/integrations/alerts/harness.js';
import { dbRunbook } from '../test/helpers/runbook-fixtures.js';

const RUNBOOK = dbRunbook({ frontMatter: 'alerts: [{ alertname: PostgresDown }]', diagnosis: 'echo "diag-marker"' });

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round = (n: number) => Math.round(n * 10) / 10;

export async function run(): Promise<Record<string, number>> {
  const h = await startAlertHarness({ runbooks: { 'db.md': RUNBOOK }, configText: 'alerts: { maxIncidentsPerMinute: 1000 }\nrateLimit: { perUser: 100000, window: 60s }' });
  // Note when the diagnostic output first shows up in a post or an edit.
  let waiting: ((at: number) => void) | undefined;
  const push = h.events.push.bind(h.events);
  h.events.push = (...items: ConsoleEvent[]) => {
    const at = performance.now();
    for (const e of items) if ((e.type === 'post' || e.type === 'update') && waiting && renderPlainText(e.message).includes('│ diag-marker')) waiting(at);
    return push(...items);
  };
  const seen = () => new Promise<number>((resolve) => (waiting = (at) => ((waiting = undefined), resolve(at))));
  try {
    const viaAlert: number[] = [];
    const viaCommand: number[] = [];
    for (let i = 0; i < 55; i++) {
      // Interleaved, so both paths see the same machine load; the first 5 of each warm up.
      const shown = seen();
      const t0 = performance.now();
      const res = await h.post('generic', { title: `Primary db-${i} down`, fingerprint: `db-${i}`, severity: 'critical', labels: { alertname: 'PostgresDown' } });
      if (res.status !== 202) throw new Error(`alert answered ${res.status}`);
      const t1 = await shown;
      if (i >= 5) viaAlert.push(t1 - t0);
      await h.settle();
      const shown2 = seen();
      const c0 = performance.now();
      await h.adapter.input('/incident db');
      const c1 = await shown2;
      if (i >= 5) viaCommand.push(c1 - c0);
      await h.settle();
    }

    const N = 10_000;
    const started = performance.now();
    const load = fork(fileURLToPath(new URL('./support/alert-load-process.ts', import.meta.url)), {
      env: { ...process.env, BENCH_URL: `${h.url}/alerts/alertmanager`, BENCH_TOKEN: TOKEN, BENCH_ALERTS: String(N), BENCH_CONCURRENCY: '16' },
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const result = await new Promise<{ ms: number; refused: number }>((resolve, reject) => {
      load.once('message', (m) => resolve(m as { ms: number; refused: number }));
      load.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
    });
    if (result.refused) throw new Error(`${result.refused} notifications were refused`);
    const ingestMs = result.ms;
    await h.settle();
    const processedMs = performance.now() - started;
    const counts = await h.alerts.inbox.counts();
    const stored = Object.values(counts).reduce((a, b) => a + b, 0) - 55;

    const alertP50 = pct(viaAlert, 0.5);
    const commandP50 = pct(viaCommand, 0.5);
    return {
      alert_to_diagnostics_ms_p50: round(alertP50),
      alert_to_diagnostics_ms_p99: round(pct(viaAlert, 0.99)),
      incident_to_diagnostics_ms_p50: round(commandP50),
      alert_overhead_ratio: Math.round((alertP50 / commandP50) * 100) / 100,
      alert_ingest_per_s: Math.round(N / (ingestMs / 1000)),
      alert_processed_per_s: Math.round(N / (processedMs / 1000)),
      alert_lost: N - stored,
    };
  } finally {
    await h.close();
  }
}
