import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadRunbooks } from '../../../src/core/runbook/load-runbooks.js';
import { cacheKey, closeRunbookCache, saveRunbookCache, useRunbookCache } from '../../../src/core/runbook/runbook-cache.js';

const RUNBOOK = `---
id: db
title: Database down
---
# Database down
## Diagnosis
\`\`\`sh
psql "$DATABASE_URL" -c "SELECT count(*) FROM pg_stat_activity"
\`\`\`
## Recovery
\`\`\`sh
pm2 restart app
\`\`\`
`;

let dir: string;
let cacheFile: string;
let runbookFile: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-rbcache-'));
  cacheFile = path.join(dir, 'cache', 'runbooks.v8');
  runbookFile = path.join(dir, 'db.md');
  await writeFile(runbookFile, RUNBOOK);
});

afterEach(async () => {
  closeRunbookCache();
  await rm(dir, { recursive: true, force: true });
});

/** The entries a cache file holds, by key. */
async function savedEntries(): Promise<Map<string, { title: string }>> {
  const saved = deserialize(await readFile(cacheFile)) as { entries: [string, Buffer][] };
  return new Map(saved.entries.map(([k, v]) => [k, deserialize(v) as { title: string }]));
}

it('a restart of the same build serves the runbook it parsed before, with the same steps and classes', async () => {
  useRunbookCache(cacheFile, 'build-1');
  const first = (await loadRunbooks([dir])).runbooks;
  expect(first[0]!.blocks.map((b) => b.safety)).toEqual(['safe', 'approve']);
  closeRunbookCache();

  useRunbookCache(cacheFile, 'build-1');
  const again = (await loadRunbooks([dir])).runbooks;
  expect(again).toEqual(first);
  expect((await savedEntries()).size).toBe(1);
});

it('what is served is the cache file of the same build, and another build ignores it', async () => {
  // A planted entry for this file's exact bytes shows when the cache, not the parser, answered.
  const bytes = await readFile(runbookFile);
  const planted = { file: runbookFile, id: 'db', title: 'from the cache', aliases: [], params: {}, sections: [], blocks: [], problems: [] };
  await mkdir(path.dirname(cacheFile), { recursive: true });
  await writeFile(cacheFile, serialize({ build: 'build-1', entries: [[cacheKey(runbookFile, createHash('sha256').update(bytes).digest('hex')), serialize(planted)]] }));

  useRunbookCache(cacheFile, 'build-1');
  expect((await loadRunbooks([dir])).runbooks[0]!.title).toBe('from the cache');
  closeRunbookCache();

  useRunbookCache(cacheFile, 'build-2');
  expect((await loadRunbooks([dir])).runbooks[0]!.title).toBe('Database down');
});

it('an edited runbook is parsed again, and the old version is dropped from the file', async () => {
  useRunbookCache(cacheFile, 'build-1');
  await loadRunbooks([dir]);
  closeRunbookCache();

  await writeFile(runbookFile, RUNBOOK.replace('title: Database down', 'title: Database is down'));
  useRunbookCache(cacheFile, 'build-1');
  expect((await loadRunbooks([dir])).runbooks[0]!.title).toBe('Database is down');
  expect([...(await savedEntries()).values()].map((e) => e.title)).toEqual(['Database is down']);
});

it('each load gets its own copy: a change made by one caller is not seen by the next', async () => {
  useRunbookCache(cacheFile, 'build-1');
  const first = (await loadRunbooks([dir])).runbooks[0]!;
  first.blocks[0]!.safety = 'manual';
  first.problems.push({ line: 1, severity: 'error', message: 'changed by a caller' });
  const second = (await loadRunbooks([dir])).runbooks[0]!;
  expect(second.blocks[0]!.safety).toBe('safe');
  expect(second.problems).toEqual([]);
});

it('a broken cache file is ignored and replaced on the next save', async () => {
  await mkdir(path.dirname(cacheFile), { recursive: true });
  await writeFile(cacheFile, 'not a cache');
  useRunbookCache(cacheFile, 'build-1');
  expect((await loadRunbooks([dir])).runbooks[0]!.title).toBe('Database down');
  await saveRunbookCache();
  expect((await savedEntries()).size).toBe(1);
});

it('a verdict cached for one set of read directories is not served for another', async () => {
  await writeFile(runbookFile, '# Logs\n## Diagnosis\n```sh\ntail -n 100 "/srv/logs/$SERVICE.log"\n```\n');
  useRunbookCache(cacheFile, 'build-1');
  expect((await loadRunbooks([dir])).runbooks[0]!.blocks[0]!.safety).toBe('approve');
  expect((await loadRunbooks([dir], { readDirs: ['/srv/logs'] })).runbooks[0]!.blocks[0]!.safety).toBe('safe');
  expect((await loadRunbooks([dir])).runbooks[0]!.blocks[0]!.safety).toBe('approve');
});
