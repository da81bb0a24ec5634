/**
 * `opsbridge console` with PORT serves the alert webhooks, and `opsbridge alerts test` posts a
 * saved payload to it: two real processes, real HTTP, a real runbook run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleProcess } from '../helpers/console-process.js';
import { ROOT } from '../helpers/test-bot.js';
import { DB_RUNBOOK, TOKEN } from '../integrations/alerts/harness.js';
import { alertmanagerPayload } from '../integrations/alerts/fixtures/payloads.js';

let dir: string;
let procs: ConsoleProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-alerts-cli-'));
  await mkdir(path.join(dir, 'runbooks'));
  await writeFile(path.join(dir, 'runbooks', 'db.md'), DB_RUNBOOK);
  await writeFile(path.join(dir, 'alert.json'), JSON.stringify(alertmanagerPayload()));
});
afterEach(async () => {
  for (const p of procs) await p.kill9();
  procs = [];
  await rm(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/opsbridge.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function consoleWithAlerts(port: number): Promise<ConsoleProcess> {
  const p = startConsole(['--runbooks', path.join(dir, 'runbooks')], { OPSBRIDGE_DATA_DIR: path.join(dir, 'data'), PORT: String(port), OPSBRIDGE_ALERTS_TOKEN: TOKEN });
  procs.push(p);
  // The routes are up once /healthz answers.
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`console did not serve HTTP on ${port}: ${p.stderr.join('\n')}`);
}

describe('opsbridge alerts test → opsbridge console with PORT', () => {
  it('posts the saved payload; the console declares the incident and runs the diagnostics', async () => {
    const port = await freePort();
    const bot = await consoleWithAlerts(port);
    const res = await cli(['alerts', 'test', 'alert.json'], { OPSBRIDGE_ALERTS_TOKEN: TOKEN, PORT: String(port) });
    expect(res.stderr).toBe('');
    expect(res.stdout).toMatch(/^Accepted as alertmanager: 1 alert stored \(notification [0-9a-z-]+\)/);
    expect(res.code).toBe(0);
    await bot.waitFor((l) => /Alertmanager reported 1 alert firing \(SEV1\)/.test(l.text));
    await bot.waitFor((l) => /diagnostic: pg_isready says no response/.test(l.text));
  });

  it('says plainly when the token is wrong, the routes are off, or nobody listens', async () => {
    const port = await freePort();
    await consoleWithAlerts(port);
    let res = await cli(['alerts', 'test', 'alert.json', '--url', `http://127.0.0.1:${port}`], { OPSBRIDGE_ALERTS_TOKEN: 'not-the-token-at-all' });
    expect([res.code, res.stderr]).toEqual([1, 'The bot refused the token: OPSBRIDGE_ALERTS_TOKEN here differs from the one the bot runs with.\n']);
    const closed = await freePort();
    res = await cli(['alerts', 'test', 'alert.json', '--url', `http://127.0.0.1:${closed}`], { OPSBRIDGE_ALERTS_TOKEN: TOKEN });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^No bot answered at http:\/\/127\.0\.0\.1:\d+/);
    res = await cli(['alerts', 'test'], { OPSBRIDGE_ALERTS_TOKEN: TOKEN });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/usage: opsbridge alerts test <file.json>/);
  });
});
