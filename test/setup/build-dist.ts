/**
 * vitest globalSetup: the CLI and `start` tests run the compiled build (bin/opsbridge.js → dist/),
 * so dist/ must match the sources. `npm install` builds it (prepare), but a worktree whose
 * node_modules is a link never ran prepare, and a checkout moves under a built dist/: rebuild
 * (scripts/build.mjs, esbuild, well under a second) whenever dist/ is missing or older than any
 * input. Type errors are `npm run typecheck`'s job.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STAMP = path.join(ROOT, 'dist/.built');
const LOCK = path.join(ROOT, 'dist.lock');
const INPUTS = ['src', 'commands', 'scripts/build.mjs', 'package.json'];

export default function setup(): void {
  ensureBuild();
}

export function ensureBuild(): void {
  if (!stale()) return;
  withLock(() => {
    if (!stale()) return; // built while we waited
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  });
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
