/**
 * The compiled CLI (bin/opsbridge.js → dist/) as an operator runs it, each figure in the same run
 * as its baseline:
 * - startup_ready_ms: `opsbridge start` (SQLite, no adapters; a restart, so the store exists) from
 *   spawn until /readyz answers 200, median of 5. startup_ratio: that ÷ the same for a bare Node
 *   script that opens a better-sqlite3 file and answers HTTP (bench/support/bare-ready.mjs),
 *   measured interleaved. Goal ≤ 4.
 * - idle_rss_mb: RSS 5 s after `start` is ready with the Slack (HTTP mode) and Discord adapters
 *   connected to the fakes (in their own process), SQLite, example runbooks. Goal ≤ 120.
 * - idle_rss_console_mb: RSS of `opsbridge console --json` 5 s after it answered /runbooks. Goal ≤ 90.
 * - lint_cli_ms: `opsbridge lint runbooks --json` end to end, median of 5. Goal ≤ 400.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { median, round } from './support/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/opsbridge.js');
const BARE = path.join(ROOT, 'bench/support/bare-ready.mjs');
const RUNS = 5;

export async function run(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-bench-start-'));
  try {
    const startup = await startupFigures(dir);
    return {
      ...startup,
      idle_rss_mb: await idleRssWithAdapters(path.join(dir, 'adapters')),
      idle_rss_console_mb: await idleRssConsole(path.join(dir, 'console')),
      lint_cli_ms: await lintCliMs(),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function botEnv(dataDir: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dataDir, OPSBRIDGE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...extra };
}

async function startupFigures(dir: string): Promise<Record<string, number>> {
  const ours = path.join(dir, 'ours');
  const bare = path.join(dir, 'bare');
  // First starts create the stores and warm the file cache; the measured ones are restarts.
  await timeToReady(() => [BIN, 'start'], ours);
  await timeToReady(() => [BARE, bare], bare);
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bareMs.push(await timeToReady(() => [BARE, bare], bare));
    oursMs.push(await timeToReady(() => [BIN, 'start'], ours));
  }
  const ready = median(oursMs);
  const baseline = median(bareMs);
  return { startup_ready_ms: Math.round(ready), startup_bare_ready_ms: Math.round(baseline), startup_ratio: round(ready / baseline) };
}

/** Spawn → first 200 from /readyz, polled every 5 ms; then SIGTERM and wait for the exit. */
async function timeToReady(args: () => string[], dataDir: string, extraEnv: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const argv = args();
  if (argv[0] === BARE) argv.push(String(port));
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: botEnv(dataDir, port, extraEnv), stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collect(child);
  try {
    await untilReady(port, child, stderr);
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

async function untilReady(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ready: ${stderr()}`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
    if (ok) return;
    if (performance.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function idleRssWithAdapters(dataDir: string): Promise<number> {
  const fakes = fork(fileURLToPath(new URL('./support/chat-fakes-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  try {
    const urls = await new Promise<{ slackApiUrl: string; slackBotToken: string; discordApiUrl: string; discordApplicationId: string }>((resolve, reject) => {
      fakes.once('message', (m) => resolve(m as never));
      fakes.once('exit', (code) => reject(new Error(`chat fakes exited (${code})`)));
    });
    const port = await freePort();
    const env = botEnv(dataDir, port, {
      SLACK_BOT_TOKEN: urls.slackBotToken,
      SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
      SLACK_API_URL: urls.slackApiUrl,
      DISCORD_TOKEN: 'bench-discord-token-0123456789',
      DISCORD_APPLICATION_ID: urls.discordApplicationId,
      DISCORD_API_URL: urls.discordApiUrl,
    });
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr = collect(child);
    try {
      await untilReady(port, child, stderr); // 200 only once the store and both adapters are ready
      await new Promise((r) => setTimeout(r, 5000));
      return rssMb(child.pid!);
    } finally {
      await stop(child);
    }
  } finally {
    fakes.send('close');
  }
}

async function idleRssConsole(dataDir: string): Promise<number> {
  const child = spawn(process.execPath, [BIN, 'console', '--json'], { cwd: ROOT, env: botEnv(dataDir, 0), stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = collect(child);
  try {
    const answered = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', () => resolve());
      child.once('exit', (code) => reject(new Error(`console exited ${code}: ${stderr()}`)));
    });
    child.stdin!.write('/runbooks\n');
    await answered;
    await new Promise((r) => setTimeout(r, 5000));
    return rssMb(child.pid!);
  } finally {
    child.stdin!.end();
    await stop(child);
  }
}

async function lintCliMs(): Promise<number> {
  const once = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, [BIN, 'lint', 'runbooks', '--json'], { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: ['ignore', 'ignore', 'pipe'] });
      const stderr = collect(child);
      child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`lint exited ${code}: ${stderr()}`))));
    });
  await once(); // file cache
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  return Math.round(median(times));
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round(kb / 1024);
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (d: Buffer) => (text = (text + String(d)).slice(-2000)));
  return () => text;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
