/**
 * The load for alert_ingest_per_s, in its own process so the sender's CPU is not counted as the
 * bot's: posts BENCH_ALERTS distinct Alertmanager notifications to BENCH_URL, BENCH_CONCURRENCY at
 * a time, and reports { ms, refused } over the fork IPC channel.
 */
const url = process.env.BENCH_URL!;
const token = process.env.BENCH_TOKEN!;
const n = Number(process.env.BENCH_ALERTS ?? 10_000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);

let next = 0;
let refused = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const body = JSON.stringify({
        status: 'firing',
        groupKey: 'ingest',
        alerts: [{ status: 'firing', labels: { alertname: 'IngestTest', n: String(i) }, startsAt: '2026-01-01T00:00:00Z', fingerprint: `ingest-${i}` }],
      });
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      if (res.status !== 202) refused++;
      await res.arrayBuffer();
    }
  }),
);
process.send!({ ms: performance.now() - started, refused });
process.disconnect();
