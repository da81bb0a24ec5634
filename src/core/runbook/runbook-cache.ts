/**
 * A parsed runbook is a pure function of its file's path and bytes, the parse options (the read
 * directories) and the parser's code. A restarted bot (the common case in an incident) reads the
 * same runbooks again: taking them from
 * a file in the data dir skips markdown-it, the YAML front matter, the shell and SQL classifiers,
 * and the loading of all of those (PostgreSQL's wasm parser included).
 *
 * - The file is keyed by the build id (src/core/build-info.ts: a hash of the compiled code and of
 *   package-lock.json): another build, a changed rule or an upgraded parser discards it. Running
 *   from the sources there is no build id, so no cache, so nothing can be stale.
 * - Entries are v8-serialized (shared objects, such as a block listed in its section and in the
 *   runbook, stay shared) and every lookup returns a fresh copy the caller may change.
 * - Saved: only the entries this process used, at most MAX_ENTRIES, so edits do not pile up.
 * - It sits with the store in the data dir and is trusted as the store is: whoever can write
 *   either can already act as the bot.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Runbook } from './model.js';
import type { ParseOptions } from './parse-runbook.js';

const MAX_ENTRIES = 1000;

interface CacheFile {
  build: string;
  entries: [string, Buffer][];
}

interface Cache {
  file: string;
  build: string;
  entries: Map<string, Buffer>;
  used: Set<string>;
  dirty: boolean;
}

let active: Cache | undefined;

/** Opens this build's cache file (missing, unreadable or another build's: an empty cache). */
export function useRunbookCache(file: string, build: string): void {
  const entries = new Map<string, Buffer>();
  try {
    const saved = deserialize(readFileSync(file)) as CacheFile;
    if (saved.build === build && Array.isArray(saved.entries)) for (const [k, v] of saved.entries) entries.set(k, v);
  } catch {
    // no file yet, or a broken one: rebuilt on the next save
  }
  active = { file, build, entries, used: new Set(), dirty: false };
}

/** Lint and the sources (no build id) run without one: no key to compute, nothing to keep. */
export function cacheIsOpen(): boolean {
  return active !== undefined;
}

export function closeRunbookCache(): void {
  active = undefined;
}

/** What a parse depends on besides the build: the file's path, its content (as its sha256) and the parse options. */
export function cacheKey(file: string, sha256: string, opts: ParseOptions = {}): string {
  return createHash('sha256').update(JSON.stringify([path.resolve(file), sha256, opts.readDirs ?? null])).digest('base64url');
}

export function cachedRunbook(key: string): Runbook | undefined {
  const hit = active?.entries.get(key);
  if (!hit || !active) return undefined;
  active.used.add(key);
  try {
    return deserialize(hit) as Runbook;
  } catch {
    active.entries.delete(key);
    return undefined;
  }
}

export function cacheRunbook(key: string, runbook: Runbook): void {
  if (!active) return;
  active.entries.set(key, serialize(runbook));
  active.used.add(key);
  active.dirty = true;
  for (const old of active.entries.keys()) {
    if (active.entries.size <= MAX_ENTRIES) break;
    active.entries.delete(old);
    active.used.delete(old);
  }
}

/**
 * Writes the entries used since the cache was opened, atomically (a crash mid-write leaves the
 * old file). A failed write costs only speed on the next start, so it is not an error.
 */
export async function saveRunbookCache(): Promise<void> {
  const cache = active;
  if (!cache) return;
  const keep = [...cache.used].slice(-MAX_ENTRIES);
  if (!cache.dirty && keep.length === cache.entries.size) return;
  const entries = keep.map((k) => [k, cache.entries.get(k)] as [string, Buffer | undefined]).filter((e): e is [string, Buffer] => e[1] !== undefined);
  cache.dirty = false;
  const tmp = `${cache.file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(cache.file), { recursive: true });
    await writeFile(tmp, serialize({ build: cache.build, entries } satisfies CacheFile), { mode: 0o600 });
    await rename(tmp, cache.file);
  } catch {
    cache.dirty = true;
  }
}
