/**
 * `opsbridge start` with no tokens and no TTY: serves HTTP only (health, readiness, metrics,
 * status page), says how to configure an adapter, and shuts down cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { afterEach, expect, it } from 'vitest';
import { ROOT } from '../helpers/test-bot.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('serves /healthz, /readyz, /metrics and /status, then exits 0 on SIGTERM', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-start-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/opsbridge.js'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: dir, OPSBRIDGE_DATA_DIR: dir, PORT: '0', NODE_ENV: 'production', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line; logs: ${JSON.stringify(logs)}`)), 25_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'opsbridge started') {
        clearTimeout(timer);
        resolve(entry.port as number);
      }
    });
  });
  const base = `http://127.0.0.1:${port}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ checks: { store: true } });
  expect(await (await fetch(`${base}/metrics`)).text()).toContain('opsbridge_commands_total');
  const page = await fetch(`${base}/status`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<html');
  expect((await (await fetch(`${base}/api/v2/status.json`)).json()) as object).toMatchObject({ status: { indicator: 'none' } });
  expect(logs.some((l) => typeof l.msg === 'string' && l.msg.includes('no chat adapter configured'))).toBe(true);

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(logs.some((l) => l.msg === 'stopped')).toBe(true);
}, 60_000);

it('an occupied PORT stops startup with one line naming the port and the variable', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-start-'));
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const busy = (blocker.address() as AddressInfo).port;
  try {
    const result = await execa(process.execPath, [path.join(ROOT, 'bin/opsbridge.js'), 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: dir, OPSBRIDGE_DATA_DIR: dir, PORT: String(busy), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'silent' },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`opsbridge start: port ${busy} on 127.0.0.1 is already in use: set PORT to a free port (or stop what is listening there)`]);
  } finally {
    blocker.close();
  }
}, 60_000);

it('binds HOST: on 127.0.0.2 it answers there and not on 127.0.0.1', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-start-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/opsbridge.js'), 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: dir, OPSBRIDGE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.2', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let host: unknown;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no start line')), 25_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === 'http server listening') host = entry.host;
      if (entry.msg === 'opsbridge started') {
        clearTimeout(timer);
        resolve(entry.port as number);
      }
    });
  });
  expect(host).toBe('127.0.0.2');
  expect((await fetch(`http://127.0.0.2:${port}/healthz`)).status).toBe(200);
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 60_000);
