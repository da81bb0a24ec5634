// The replaying side of the Stripe benchmark, run on the compiled build (dist/) with plain node, as
// the bot runs it: no TypeScript loader in the measured process. argv: fake URL, event count, rate.
// Prints one JSON line: { seconds, delivered, rerunSkipped, peakRssMb, baselineRssMb }.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dist = new URL('../../dist/src/', import.meta.url);
const { systemClock } = await import(new URL('core/clock.js', dist).href);
const { openReplaySession, planReplay } = await import(new URL('integrations/stripe/replay-session.js', dist).href);
const { openStore } = await import(new URL('store/open-store.js', dist).href);

// The replay's waits sit on unref'd timers (as in `opsbridge stripe replay`): keep the process alive.
const keepAlive = setInterval(() => undefined, 1000);
const [url, count, rate] = process.argv.slice(2);
const n = Number(count);
const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-bench-stripe-'));
// The bot's own SQLite store, opened as the bot opens it (no PostgreSQL driver loaded).
const store = await openStore({ dataDir: dir });
const config = { secretKey: 'sk_test_fake', apiUrl: url, rate: Number(rate), concurrency: 8, endpoint: 'we_fake' };
const plan = planReplay({ since: '7h' }, config, Date.now());
const session = openReplaySession(plan, { config, db: store.db, clock: systemClock });
const baseline = process.memoryUsage().rss; // runtime and store loaded, nothing replayed (the SDK loads with the session's first request)
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const started = performance.now();
const report = await session.run({ expectedTotal: n });
const seconds = (performance.now() - started) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
const rerun = await openReplaySession(plan, { config, db: store.db, clock: systemClock }).run();
await store.close();
await rm(dir, { recursive: true, force: true });
clearInterval(keepAlive);
const mb = (b) => Math.round(b / 1024 / 1024);
process.stdout.write(JSON.stringify({ seconds, delivered: report.delivered, rerunSkipped: rerun.skipped, peakRssMb: mb(peak), baselineRssMb: mb(baseline) }) + '\n');
