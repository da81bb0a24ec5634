/**
 * vitest globalSetup: the CLI and `start` tests run the compiled build (bin/opsbridge.js → dist/),
 * so dist/ must match the sources. `npm install` builds it (prepare), but a worktree whose
 * node_modules is a link never ran prepare, and a checkout moves under a built dist/: build
 * whenever dist/ is missing or older than src/, commands/ or the tsconfig files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAMP = path.join(ROOT, 'dist/.built');
const LOCK = path.join(ROOT, 'dist.lock');
const INPUTS = ['src', 'commands', 'tsconfig.json', 'tsconfig.build.json'];

export default function setup(): void {
  ensureBuild();
}

export function ensureBuild(): void {
  if (!stale()) return;
  withLock(() => {
    if (!stale()) return; // another run built it while we waited
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (err) {
      // tsc still emits JavaScript for files with type errors; `npm run typecheck` reports those.
      // A test run of one file must not fail for a type error elsewhere, but a build that emitted
      // nothing must.
      const out = String((err as { stdout?: string }).stdout ?? '');
      if (!exists(path.join(ROOT, 'dist/src/cli.js'))) throw new Error(`building dist/ failed:\n${out}`);
      process.stderr.write(`dist/ built with type errors (npm run typecheck shows them):\n${out.split('\n').slice(0, 5).join('\n')}\n`);
    }
    writeFileSync(STAMP, new Date().toISOString() + '\n');
  });
}

function stale(): boolean {
  let built: number;
  try {
    built = statSync(STAMP).mtimeMs;
  } catch {
    return true;
  }
  return INPUTS.some((p) => newerThan(path.join(ROOT, p), built));
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
