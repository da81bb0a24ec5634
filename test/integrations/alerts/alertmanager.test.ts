/**
 * The real Prometheus Alertmanager (Debian's prometheus-alertmanager, 0.25) delivering to the bot:
 * its webhook receiver points at the bot with a bearer token and send_resolved, alerts are pushed
 * through its own API, and what arrives is what production sends. No binary → the test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAlertHarness, TOKEN, type AlertHarness } from './harness.js';

const BINARY = process.env.OPSBRIDGE_ALERTMANAGER ?? '/usr/bin/prometheus-alertmanager';

let h: AlertHarness | undefined;
let am: ChildProcess | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (am && am.exitCode === null) {
    const exited = new Promise((r) => am!.once('exit', r));
    am.kill('SIGTERM');
    await exited;
  }
  am = undefined;
  await h?.close();
  h = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startAlertmanager(botUrl: string): Promise<string> {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: install Debian's prometheus-alertmanager (.ci/run does)`);
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-am-'));
  const config = [
    'route:',
    '  receiver: opsbridge',
    "  group_by: ['alertname']",
    '  group_wait: 1s',
    '  group_interval: 1s',
    // Short, so a repeat of the unchanged group arrives within the test.
    '  repeat_interval: 2s',
    'receivers:',
    '  - name: opsbridge',
    '    webhook_configs:',
    `      - url: ${botUrl}/alerts/alertmanager`,
    '        send_resolved: true',
    '        http_config:',
    '          authorization:',
    '            type: Bearer',
    `            credentials: ${TOKEN}`,
  ].join('\n');
  await writeFile(path.join(dir, 'alertmanager.yml'), config);
  const port = await freePort();
  const stderr: string[] = [];
  am = spawn(BINARY, [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='], { stdio: ['ignore', 'ignore', 'pipe'] });
  am.stderr!.on('data', (d) => stderr.push(String(d)));
  const spawned = new Promise<void>((resolve, reject) => {
    am!.once('error', (err) => reject(new Error(`could not start ${BINARY}: ${err.message}`)));
    am!.once('spawn', () => resolve());
  });
  await spawned;
  const base = `http://127.0.0.1:${port}`;
  await eventually(`Alertmanager ready (${stderr.join('')})`, async () => (await fetch(`${base}/-/ready`).catch(() => undefined))?.ok);
  return base;
}

async function push(base: string, alerts: unknown[]): Promise<void> {
  const res = await fetch(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  expect(res.status).toBe(200);
}

describe('with a real Alertmanager', () => {
  it('one incident with the right runbook and its diagnostics; repeats add nothing; endsAt in the past resolves', async () => {
    h = await startAlertHarness();
    const base = await startAlertmanager(h.url);
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = {
      labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-1:5432', job: 'postgres' },
      annotations: { summary: 'PostgreSQL is down on db-1', runbook_url: 'https://github.com/acme/ops/blob/main/runbooks/db.md' },
      startsAt,
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=pg_up+%3D%3D+0',
    };
    await push(base, [alert]);

    const incident = await eventually('an incident', async () => (await h!.bot.incidents.list())[0]);
    await eventually('the diagnostics', async () => {
      await h!.settle();
      return /diagnostic: pg_isready says no response/.test(h!.transcript());
    });
    expect(incident).toMatchObject({ source: 'alert', severity: 'SEV1', runbooks: ['db'] });
    expect(h.transcript()).toMatch(/The db runbook was chosen by its runbook_url/);

    // Alertmanager re-sends the unchanged group every repeat_interval: stored, and nothing more happens.
    const notifications = async () => (await h!.services.store.db.selectFrom('alert_notifications').select('state').execute()).filter((r) => r.state === 'done').length;
    await push(base, [alert]);
    await eventually('a repeat notification', async () => (await notifications()) >= 2);
    await h.settle();
    expect(await h.bot.incidents.list()).toHaveLength(1);
    const types = async () => (await h!.bot.incidents.timeline(incident.ref)).map((e) => e.type);
    expect((await types()).filter((t) => t === 'alert_firing')).toHaveLength(1);
    expect((await types()).filter((t) => t === 'run_started')).toHaveLength(1);

    await push(base, [{ ...alert, endsAt: new Date(Date.now() - 1_000).toISOString() }]);
    await eventually('alert_resolved', async () => {
      await h!.settle();
      return (await types()).includes('alert_resolved');
    });
    expect((await types()).filter((t) => t === 'alert_resolved')).toHaveLength(1);
    expect(h.transcript()).toMatch(/Every alert of INC-\d+ has resolved/);
  });
});
