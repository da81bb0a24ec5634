/**
 * What each command loads, read from the module graph of the real compiled CLI (never timing):
 * lint and the console load no chat SDK and no Stripe SDK, lint never opens the store, and
 * `start` without tokens loads no chat SDK either.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/test-bot.js';

const SDKS = ['discord.js', '@discordjs/', '@slack/bolt', '@slack/', 'stripe'];

interface Loaded {
  files: string[];
  packages: Set<string>;
}

function loaded(log: string): Loaded {
  const files = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  const packages = new Set(files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p): p is string => Boolean(p)));
  return { files, packages };
}

function sdksIn(l: Loaded): string[] {
  return [...l.packages].filter((p) => SDKS.some((s) => (s.endsWith('/') ? p.startsWith(s) : p === s)));
}

/** Runs bin/opsbridge.js with the module recorder; resolves when `until` says so (then SIGTERM) or at exit. */
function record(args: string[], opts: { stdin?: string; env?: Record<string, string>; until?: (line: string) => boolean } = {}): Promise<{ code: number | null; loaded: Loaded; dataDir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsbridge-graph-'));
  const log = path.join(dir, 'modules.txt');
  const dataDir = path.join(dir, 'data');
  const child = spawn(process.execPath, ['--import', path.join(ROOT, 'test/helpers/record-modules.mjs'), path.join(ROOT, 'bin/opsbridge.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: dir, OPSBRIDGE_DATA_DIR: dataDir, OPSBRIDGE_MODULE_LOG: log, LOG_LEVEL: 'info', NODE_ENV: 'production', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  const until = opts.until;
  if (until) createInterface({ input: child.stdout }).on('line', (line) => until(line) && child.kill('SIGTERM'));
  else child.stdout.resume();
  child.stderr.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, loaded: loaded(log), dataDir })));
}

describe('the module graph of each command', () => {
  it('lint runs from dist/, loads no chat or Stripe SDK, and never opens the store', async () => {
    const r = await record(['lint', 'runbooks', '--json']);
    expect(r.code).toBe(0);
    expect(r.loaded.files.some((f) => f.endsWith('/dist/src/cli/lint.js'))).toBe(true);
    expect(r.loaded.files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(sdksIn(r.loaded)).toEqual([]);
    expect([...r.loaded.packages].filter((p) => ['kysely', 'pg', 'prom-client', '@secretlint/core', 'pino-pretty', 'execa'].includes(p))).toEqual([]);
    expect(r.loaded.files.some((f) => f.includes('/dist/src/store/'))).toBe(false);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it('the scripted console loads no chat or Stripe SDK, and no metrics library it would not serve', async () => {
    // No PORT: with PORT set the console serves HTTP (and so loads prom-client), as start does.
    const r = await record(['console', '--json'], { stdin: '/runbooks\n/health\n', env: { PORT: '' } });
    expect(r.code).toBe(0);
    expect(r.loaded.files.some((f) => f.endsWith('/dist/commands/replay-stripe.js'))).toBe(true); // the command is there, its SDK is not
    expect(sdksIn(r.loaded)).toEqual([]);
    expect(r.loaded.packages.has('prom-client')).toBe(false);
  });

  it('start without tokens serves HTTP and metrics but loads no chat or Stripe SDK', async () => {
    const r = await record(['start'], { env: { PORT: '0' }, until: (line) => line.includes('"opsbridge started"') });
    expect(r.code).toBe(0);
    expect(r.loaded.packages.has('prom-client')).toBe(true);
    expect(sdksIn(r.loaded)).toEqual([]);
  }, 60_000);
});
