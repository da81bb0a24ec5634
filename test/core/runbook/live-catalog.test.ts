/**
 * The reloadable catalog on real files: a changed file is served in its new version, a broken
 * edit keeps the last good one and is reported, a removed file goes, and what a caller already
 * holds (a run's runbook) never changes under it.
 */
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LiveCatalog } from '../../../src/core/runbook/live-catalog.js';
import { BROKEN_DB, DB } from './reload-fixtures.js';

const CACHE = `---
id: cache
title: Cache outage
---
## Diagnosis
\`\`\`sh
redis-cli INFO
\`\`\`
`;

describe('LiveCatalog', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-live-'));
    await writeFile(path.join(dir, 'db.md'), DB('Database connection failure'));
    await writeFile(path.join(dir, 'cache.md'), CACHE);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a changed file in its new version and reports it as changed', async () => {
    const live = new LiveCatalog(dir);
    await live.reload();
    const before = live.get('db')!;
    await writeFile(path.join(dir, 'db.md'), DB('Database down', 'SELECT now()'));
    const report = await live.reload();
    expect(report.changed).toEqual([path.join(dir, 'db.md')]);
    expect(live.get('db')!.title).toBe('Database down');
    expect(live.get('db')!.blocks[0]!.source).toContain('SELECT now()');
    // what a run already holds is its own snapshot
    expect(before.title).toBe('Database connection failure');
    expect(before.blocks[0]!.source).toContain('SELECT 1');
  });

  it('keeps the last good version of a broken edit and says which line is wrong', async () => {
    const live = new LiveCatalog(dir);
    await live.reload();
    await writeFile(path.join(dir, 'db.md'), BROKEN_DB);
    const report = await live.reload();
    expect(report.changed).toEqual([]);
    expect(report.kept).toHaveLength(1);
    expect(report.kept[0]!.file).toBe(path.join(dir, 'db.md'));
    expect(report.kept[0]!.problems[0]).toMatchObject({ line: 6, severity: 'error' });
    expect(report.kept[0]!.problems[0]!.message).toMatch(/never closed/);
    expect(live.get('db')!.title).toBe('Database connection failure');
    expect(live.get('db')!.blocks).toHaveLength(2);
    expect(live.problems().kept).toEqual(report.kept);
    // fixed: the new version is served and the problem is gone
    await writeFile(path.join(dir, 'db.md'), DB('Database connection failure (fixed)'));
    const fixed = await live.reload();
    expect(fixed.kept).toEqual([]);
    expect(live.get('db')!.title).toBe('Database connection failure (fixed)');
    expect(live.problems().kept).toEqual([]);
  });

  it('drops a removed file, adds a new one, and refuses a new file that takes a used name', async () => {
    const live = new LiveCatalog(dir);
    await live.reload();
    await unlink(path.join(dir, 'cache.md'));
    await writeFile(path.join(dir, 'zz-database-copy.md'), DB('A copy').replace('id: db', 'id: db2'));
    const report = await live.reload();
    expect(report.removed).toEqual([path.join(dir, 'cache.md')]);
    expect(live.get('cache')).toBeUndefined();
    // the copy claims the alias "database", which db.md holds: it is refused, db.md stays
    expect(live.get('db2')).toBeUndefined();
    expect(live.get('db')!.title).toBe('Database connection failure');
    expect(report.problems.some((p) => p.file.endsWith('zz-database-copy.md') && /database/.test(p.message))).toBe(true);
  });

  it('serves the same set for every caller between reloads, and runs reloads one at a time', async () => {
    const live = new LiveCatalog(dir);
    await live.reload();
    const first = live.all();
    await writeFile(path.join(dir, 'db.md'), DB('v2'));
    const [a, b] = await Promise.all([live.reload(), live.reload()]);
    expect(a.changed).toHaveLength(1);
    expect(b.changed).toEqual([]);
    expect(first.find((r) => r.id === 'db')!.title).toBe('Database connection failure');
    expect(live.all().find((r) => r.id === 'db')!.title).toBe('v2');
  });
});
