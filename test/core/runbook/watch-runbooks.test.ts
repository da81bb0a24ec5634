/**
 * The runbooks directory watched for real (chokidar on a temp dir): saving a file reloads it
 * without a restart, a broken save keeps the last good version and is logged as an error, and
 * `/runbooks` in the console shows the problem; `/runbooks reload` forces a reload.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { LiveCatalog, type ReloadReport } from '../../../src/core/runbook/live-catalog.js';
import { watchRunbooks, type RunbookWatcher } from '../../../src/core/runbook/watch-runbooks.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';
import { BROKEN_DB, DB } from './reload-fixtures.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

function lastPost(bot: TestBot): string {
  const posts = bot.events.filter((e): e is Extract<typeof e, { type: 'post' | 'update' }> => e.type === 'post');
  return posts.at(-1)!.id;
}

describe('watching the runbooks directory', () => {
  let dir: string;
  let watcher: RunbookWatcher | undefined;
  let bot: TestBot | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-watch-'));
    await writeFile(path.join(dir, 'db.md'), DB('Database connection failure'));
  });
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    await bot?.close();
    bot = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function watched() {
    const live = new LiveCatalog(dir);
    await live.reload();
    const { logger, lines } = capturingLogger();
    const reports: ReloadReport[] = [];
    const waiters: (() => void)[] = [];
    watcher = await watchRunbooks(live, { logger, debounceMs: 20, onReload: (r) => { reports.push(r); waiters.splice(0).forEach((w) => w()); } });
    await watcher.ready;
    const nextReload = () => new Promise<ReloadReport>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reload within 10 s')), 10_000);
      waiters.push(() => { clearTimeout(timer); resolve(reports.at(-1)!); });
    });
    return { live, lines, nextReload };
  }

  it('reloads a saved file without a restart', async () => {
    const { live, lines, nextReload } = await watched();
    const reloaded = nextReload();
    await writeFile(path.join(dir, 'db.md'), DB('Database down'));
    expect((await reloaded).changed).toEqual([path.join(dir, 'db.md')]);
    expect(live.get('db')!.title).toBe('Database down');
    expect(lines.some((l) => l.msg === 'runbooks reloaded')).toBe(true);
  });

  it('keeps the last good version of a broken save and logs the file, the line and the reason', async () => {
    const { live, lines, nextReload } = await watched();
    const reloaded = nextReload();
    await writeFile(path.join(dir, 'db.md'), BROKEN_DB);
    expect((await reloaded).kept).toHaveLength(1);
    expect(live.get('db')!.title).toBe('Database connection failure');
    const error = lines.find((l) => l.level === 50)!;
    expect(error).toMatchObject({ file: path.join(dir, 'db.md'), line: 6 });
    expect(error.msg).toMatch(/^runbook not reloaded: code fence .* still using the last good version$/);
  });

  it('/runbooks shows a broken edit, and /runbooks reload picks up a change at once', async () => {
    bot = await startTestBot({ runbooks: dir, configText: 'console: { users: { alice: [oncall], bob: [approver] } }' });
    const live = new LiveCatalog(dir);
    await live.reload();
    bot.services.runbooks = live;

    await writeFile(path.join(dir, 'db.md'), DB('Database down'));
    await bot.say('/runbooks reload');
    expect(bot.text(lastPost(bot))).toContain(`Reloaded the runbooks in ${bot.services.config.runbooksDir}: 1 runbook in use. New or changed: `);
    expect(live.get('db')!.title).toBe('Database down');

    await writeFile(path.join(dir, 'db.md'), BROKEN_DB);
    await bot.say('/runbooks reload');
    await bot.say('/runbooks');
    const list = bot.text(lastPost(bot));
    expect(list).toContain('db (also: database): Database down');
    expect(list).toContain('Not reloaded, because the latest edit has an error');
    expect(list).toMatch(/db\.md line 6: code fence/);
  });

  it('a run started before a reload keeps working on the runbook it started with', async () => {
    bot = await startTestBot({ runbooks: dir, configText: 'console: { users: { alice: [oncall], bob: [approver] } }' });
    const live = new LiveCatalog(dir);
    await live.reload();
    bot.services.runbooks = live;
    await bot.say('/incident db');
    const request = bot.approvals().find((a) => a.state === 'pending')!;
    expect(request).toBeDefined();
    // the Diagnosis step changes on disk; the gated Recovery step the approver sees does not
    await writeFile(path.join(dir, 'db.md'), DB('Database down', 'SELECT now()'));
    await bot.say('/runbooks reload');
    await bot.say(':as bob');
    await bot.say(`:react ${request.id} ✅`);
    const state = bot.approvals().find((a) => a.id === request.id)!.state;
    expect(['succeeded', 'failed']).toContain(state);
    expect(bot.text(request.id)).not.toContain('is not the script that was approved');
  });
});
