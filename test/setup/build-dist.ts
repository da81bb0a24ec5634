/**
 * vitest globalSetup: the CLI and `start` tests run the compiled build (bin/opsbridge.js → dist/),
 * so dist/ must match the sources. `npm install` builds it (prepare), but a worktree whose
 * node_modules is a link never ran prepare, and a checkout moves under a built dist/: build
 * whenever dist/ is missing or older than src/, commands/ or the tsconfig files.
 * Only a missing build (or a changed tsconfig) runs the whole tsc; otherwise the changed files are
 * transpiled one by one, which isolatedModules makes equal to tsc's output, in milliseconds
 * instead of seconds on a machine shared by many test runs. Type errors are `npm run typecheck`'s job.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAMP = path.join(ROOT, 'dist/.built');
const LOCK = path.join(ROOT, 'dist.lock');
const SOURCES = ['src', 'commands'];
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const INPUTS = [...SOURCES, ...CONFIGS];
const require = createRequire(import.meta.url);

export default function setup(): void {
  ensureBuild();
}

export function ensureBuild(): void {
  if (!stale()) return;
  withLock(() => {
    const built = stampTime();
    if (built !== undefined && !INPUTS.some((p) => newerThan(path.join(ROOT, p), built))) return; // built while we waited
    const configChanged = built === undefined || CONFIGS.some((c) => newerThan(path.join(ROOT, c), built));
    if (configChanged || !exists(path.join(ROOT, 'dist/src/cli-run.js'))) fullBuild();
    else for (const dir of SOURCES) transpileChanged(path.join(ROOT, dir), built);
    writeFileSync(STAMP, new Date().toISOString() + '\n');
  });
}

function fullBuild(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    // tsc still emits JavaScript for files with type errors; `npm run typecheck` reports those.
    // A test run of one file must not fail for a type error elsewhere, but a build that emitted
    // nothing must.
    const out = String((err as { stdout?: string }).stdout ?? '');
    if (!exists(path.join(ROOT, 'dist/src/cli-run.js'))) throw new Error(`building dist/ failed:\n${out}`);
    process.stderr.write(`dist/ built with type errors (npm run typecheck shows them):\n${out.split('\n').slice(0, 5).join('\n')}\n`);
  }
}

function transpileChanged(dir: string, since: number): void {
  const ts = require('typescript') as typeof import('typescript');
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error('cannot read tsconfig.build.json');
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && statSync(full).mtimeMs > since) {
        const rel = path.relative(ROOT, full);
        const out = path.join(ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
        // package.json says "type": "module", which tsc reads and a single-file transpile cannot.
        const result = ts.transpileModule(readFileSync(full, 'utf8'), { compilerOptions: { ...parsed.options, module: ts.ModuleKind.ESNext }, fileName: full });
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, result.outputText);
        if (result.sourceMapText) writeFileSync(out + '.map', result.sourceMapText);
      }
    }
  };
  walk(dir);
}

function stale(): boolean {
  const built = stampTime();
  return built === undefined || INPUTS.some((p) => newerThan(path.join(ROOT, p), built));
}

function stampTime(): number | undefined {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return undefined;
  }
}

function newerThan(p: string, time: number): boolean {
  let s;
  try {
    s = statSync(p);
  } catch {
    return false;
  }
  if (s.mtimeMs > time) return true; // a directory's mtime also moves when a file is added or removed
  if (!s.isDirectory()) return false;
  return readdirSync(p).some((name) => newerThan(path.join(p, name), time));
}

/** Two test runs in one checkout must not both write dist/ at once. */
function withLock(fn: () => void): void {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true }); // left by a killed run
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
