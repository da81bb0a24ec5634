/**
 * Where the compiled build is, and which build this is. Running from the sources (tsx), there is
 * none: both answers are undefined. The bundler puts this code in a chunk at a depth under dist/
 * of its own choosing, so dist/ is found by its build stamp (dist/.built), not a fixed `../`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null | undefined;
let id: string | null | undefined;

/** dist/ (with a trailing separator) when this process runs the compiled build. */
export function distRoot(): string | undefined {
  if (root === undefined) root = import.meta.url.endsWith('.js') ? findStamp(path.dirname(fileURLToPath(import.meta.url))) : null;
  return root ?? undefined;
}

/**
 * A hash of the build's code and of package-lock.json (written by scripts/build.mjs): equal ids
 * mean the same code and the same dependencies, so results computed by one build (the
 * runbook cache) are valid for the other.
 */
export function buildId(): string | undefined {
  if (id === undefined) {
    const dist = distRoot();
    try {
      id = dist ? readFileSync(path.join(dist, 'build-id'), 'utf8').trim() || null : null;
    } catch {
      id = null;
    }
  }
  return id ?? undefined;
}

function findStamp(from: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.built'))) return dir + path.sep;
    if (path.dirname(dir) === dir) return null;
  }
}
