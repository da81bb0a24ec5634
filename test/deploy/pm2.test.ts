/**
 * deploy/pm2/ecosystem.config.cjs under the real pm2 (npm package): the bot runs as node on
 * bin/opsbridge.js itself (no npm in between), serves /healthz, and `pm2 stop` reaches the bot,
 * which shuts down cleanly ("stopped" in its log). PM2_HOME is a temp dir: no daemon is shared.
 */
import { mkdtemp, readFile, readlink, realpath, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PM2 = path.join(ROOT, 'node_modules/pm2/bin/pm2');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

async function untilHealthy(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('PM2 ecosystem file', { timeout: 120_000 }, () => {
  let home: string;
  let env: Record<string, string>;
  const pm2 = (...args: string[]) => execa(process.execPath, [PM2, ...args], { cwd: ROOT, env, extendEnv: false, reject: false, timeout: 60_000 });

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'opsbridge-pm2-'));
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, PM2_HOME: path.join(home, 'pm2'), OPSBRIDGE_DATA_DIR: path.join(home, 'data'), PORT: String(await freePort()), HOST: '127.0.0.1' };
  });
  afterAll(async () => {
    await pm2('kill');
    await rm(home, { recursive: true, force: true });
  });

  it('starts node on bin/opsbridge.js directly, and pm2 stop reaches the bot', async () => {
    const started = await pm2('start', 'deploy/pm2/ecosystem.config.cjs');
    expect(started.exitCode, started.stderr).toBe(0);
    await untilHealthy(`http://127.0.0.1:${env.PORT}/healthz`, 60_000);

    const list = JSON.parse((await pm2('jlist')).stdout) as { name: string; pid: number; pm2_env: { status: string; pm_exec_path: string; args?: string[]; pm_out_log_path: string } }[];
    const app = list.find((p) => p.name === 'opsbridge')!;
    expect(app.pm2_env.status).toBe('online');
    expect(app.pm2_env.pm_exec_path).toBe(path.join(ROOT, 'bin/opsbridge.js'));
    // the process PM2 signals is the bot itself, not npm
    // (PM2 may set the process title, which folds the arguments into one string)
    const cmdline = (await readFile(`/proc/${app.pid}/cmdline`, 'utf8')).split('\0').join(' ');
    expect(cmdline).toMatch(/bin\/opsbridge\.js\b/);
    expect(app.pm2_env.args).toEqual(['start']);
    expect(cmdline).not.toMatch(/\bnpm\b/);
    expect(await readlink(`/proc/${app.pid}/exe`)).toBe(await realpath(process.execPath));

    const stopped = await pm2('stop', 'opsbridge');
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    const log = await readFile(app.pm2_env.pm_out_log_path, 'utf8');
    expect(log).toContain('"msg":"shutting down"');
    expect(log).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${env.PORT}/healthz`)).rejects.toThrow();
  });
});
