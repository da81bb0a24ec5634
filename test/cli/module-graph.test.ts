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
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/test-bot.js';

const SDKS = ['discord.js', '@discordjs/', '@slack/bolt', '@slack/', 'stripe'];

interface Loaded {
  /** what the process loaded: node_modules files and dist/ bundle files */
  raw: string[];
  /** the same, with each dist/ bundle file followed by the source modules it holds */
  files: string[];
  packages: Set<string>;
}

/**
 * The modules a process loaded: files it loaded from node_modules as they are, and each bundle
 * file of dist/ as the source modules inside it (esbuild's metafile, dist/meta.json, says which).
 */
function loaded(log: string): Loaded {
  const raw = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].map((f) => (f.startsWith('file://') ? fileURLToPath(f) : f));
  const outputs = (JSON.parse(readFileSync(path.join(ROOT, 'dist/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
  const files = raw.flatMap((f) => {
    const bundle = outputs[path.relative(ROOT, f)];
    return bundle ? [f, ...Object.keys(bundle.inputs).map((input) => path.resolve(ROOT, input))] : [f];
  });
  const packages = new Set(files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p): p is string => Boolean(p)));
  return { raw, files, packages };
}

function sdksIn(l: Loaded): string[] {
  return [...l.packages].filter((p) => SDKS.some((s) => (s.endsWith('/') ? p.startsWith(s) : p === s)));
}

/** Runs bin/opsbridge.js with the module recorder; resolves when `until` says so (then SIGTERM) or at exit. */
function record(args: string[], opts: { stdin?: string; env?: Record<string, string>; until?: (line: string) => boolean | Promise<boolean>; dataDir?: string } = {}): Promise<{ code: number | null; loaded: Loaded; dataDir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'opsbridge-graph-'));
  const log = path.join(dir, 'modules.txt');
  const dataDir = opts.dataDir ?? path.join(dir, 'data');
  const child = spawn(process.execPath, ['--import', path.join(ROOT, 'test/helpers/record-modules.mjs'), path.join(ROOT, 'bin/opsbridge.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: dir, OPSBRIDGE_DATA_DIR: dataDir, OPSBRIDGE_MODULE_LOG: log, LOG_LEVEL: 'info', NODE_ENV: 'production', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
  const until = opts.until;
  if (until) createInterface({ input: child.stdout }).on('line', (line) => void Promise.resolve(until(line)).then((stop) => stop && child.kill('SIGTERM')));
  else child.stdout.resume();
  child.stderr.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, loaded: loaded(log), dataDir })));
}

describe('the module graph of each command', () => {
  it('lint runs from dist/, loads no chat or Stripe SDK, and never opens the store', async () => {
    const r = await record(['lint', 'runbooks', '--json']);
    expect(r.code).toBe(0);
    expect(r.loaded.raw.some((f) => f.startsWith(path.join(ROOT, 'dist') + path.sep))).toBe(true);
    expect(r.loaded.raw.filter((f) => f.endsWith('.ts'))).toEqual([]); // no TypeScript at run time
    expect(r.loaded.files).toContain(path.join(ROOT, 'src/cli/lint.ts'));
    expect(sdksIn(r.loaded)).toEqual([]);
    expect([...r.loaded.packages].filter((p) => ['kysely', 'pg', 'prom-client', '@secretlint/core', 'pino-pretty', 'execa'].includes(p))).toEqual([]);
    expect(r.loaded.files.some((f) => f.includes('/dist/src/store/'))).toBe(false);
    expect(existsSync(r.dataDir)).toBe(false);
  });

  it("lint loads PostgreSQL's parser only for runbooks with SQL to prove", async () => {
    const withoutSql = await record(['lint', 'test/fixtures/runbooks', '--json']);
    expect(withoutSql.code).toBe(0);
    expect(withoutSql.loaded.packages.has('libpg-query')).toBe(false);
    const withSql = await record(['lint', 'runbooks/db.md', '--json']);
    expect(withSql.code).toBe(0);
    expect(withSql.loaded.packages.has('libpg-query')).toBe(true);
  });

  it('the scripted console loads no chat or Stripe SDK, and no metrics library it would not serve', async () => {
    // No PORT: with PORT set the console serves HTTP (and so loads prom-client), as start does.
    const r = await record(['console', '--json'], { stdin: '/runbooks\n/health\n', env: { PORT: '' } });
    expect(r.code).toBe(0);
    expect(r.loaded.raw).toContain(path.join(ROOT, 'dist/commands/replay-stripe.js')); // the command is there, its SDK is not
    expect(sdksIn(r.loaded)).toEqual([]);
    expect(r.loaded.packages.has('prom-client')).toBe(false);
  });

  it('start without tokens serves HTTP but loads no chat or Stripe SDK, and prom-client only for a scrape', async () => {
    const started = (line: string) => line.includes('"opsbridge started"');
    const idle = await record(['start'], { env: { PORT: '0' }, until: started });
    expect(idle.code).toBe(0);
    expect(sdksIn(idle.loaded)).toEqual([]);
    expect(idle.loaded.packages.has('prom-client')).toBe(false);

    let scrape = '';
    const scraped = await record(['start'], {
      env: { PORT: '0' },
      until: async (line) => {
        if (!started(line)) return false;
        const { port } = JSON.parse(line) as { port: number };
        scrape = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return true;
      },
    });
    expect(scrape).toContain('opsbridge_commands_total');
    expect(scrape).toContain('opsbridge_process_resident_memory_bytes');
    expect(scraped.loaded.packages.has('prom-client')).toBe(true);
  }, 60_000);

  it('a restart takes its runbooks from the cache: no markdown parser, no shell or SQL classifier', async () => {
    const started = (line: string) => line.includes('"opsbridge started"');
    const first = await record(['start'], { env: { PORT: '0' }, until: started });
    expect(first.loaded.packages).toContain('markdown-it');
    expect(first.loaded.packages).toContain('libpg-query'); // runbooks/db.md has SQL to prove
    const restart = await record(['start'], { env: { PORT: '0' }, until: started, dataDir: first.dataDir });
    expect(restart.code).toBe(0);
    expect([...restart.loaded.packages].filter((p) => ['markdown-it', 'unbash', 'libpg-query'].includes(p))).toEqual([]);
    expect(restart.loaded.files).not.toContain(path.join(ROOT, 'src/core/runbook/parse-runbook.ts'));
  }, 60_000);
});
