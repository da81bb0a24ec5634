/**
 * `/incident db from:N` continues the same run (same thread, same snapshot) from step N to the
 * end, so Verify runs after a fixed recovery step; the hints after a failure and after a
 * rejection say exactly that.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const runbook = (dir: string) => `---
id: db
title: Database connection failure
---
## Diagnosis
\`\`\`sh
echo diag
\`\`\`
## Recovery
\`\`\`sh {approve}
test -f "${dir}/fixed" && echo restarted >> "${dir}/log"
\`\`\`
## Verify
\`\`\`sh {approve}
echo verified >> "${dir}/log"
\`\`\`
`;

describe('continuing a run with from:N', () => {
  let dir: string;
  let t: TestBot;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-resume-'));
    t = await startTestBot({ runbooks: { 'db.md': runbook(dir) }, configText: 'console: { users: { alice: [oncall], bob: [approver] } }' });
  });
  afterEach(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const log = async () => (existsSync(path.join(dir, 'log')) ? (await readFile(path.join(dir, 'log'), 'utf8')).trim().split('\n') : []);
  const lastLine = () => t.events.filter((e) => e.type === 'post').map((e) => t.text((e as { id: string }).id)).at(-1) ?? '';
  /** /incident declares an incident and runs in its channel: go there, as a responder would */
  async function intoRunChannel() {
    const run = await t.services.store.db.selectFrom('runs').select(['channel_id', 'thread_id']).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    await t.say(`:channel ${run.channel_id}`);
    return run;
  }
  const overviews = async () => (await t.services.store.db.selectFrom('runs').select('thread_id').execute()).length;
  async function approve(as = 'bob', emoji = '✅') {
    const pending = t.approvals().filter((a) => a.state === 'pending').at(-1)!;
    await t.say(`:as ${as}`);
    await t.say(`:react ${pending.id} ${emoji}`);
    await t.say(':as alice');
  }

  it('after a failed step, from:N re-runs it in the same run and goes on to Verify', async () => {
    await t.say('/incident db');
    await approve();
    expect(lastLine()).toBe('⏹️ Step 2 failed. Fix the cause, then continue this run with /incident db from:2 to run it again, or /incident db from:3 to skip it; either way the run goes on to the end.');
    const run = await intoRunChannel();
    await writeFile(path.join(dir, 'fixed'), '');
    await t.say('/incident db from:2');
    expect(t.events.filter((e) => e.type === 'post').map((e) => t.text((e as { id: string }).id))).toContain('▶️ alice continues this run from step 2 to the end.');
    expect(await overviews()).toBe(1); // the same run, no new one
    await approve(); // step 2 again
    await approve(); // step 3, Verify
    expect(await log()).toEqual(['restarted', 'verified']);
    expect(t.text(run.thread_id!)).toContain('run finished');
    const runs = await t.services.store.db.selectFrom('runs').selectAll().execute();
    expect(runs.map((r) => r.status)).toEqual(['done']);
  });

  it('after a rejection the hint says what can be done next, and from:N+1 skips the step', async () => {
    await t.say('/incident db');
    await approve('bob', '❌');
    expect(lastLine()).toBe('⏹️ Step 2 was rejected, so the run stopped there and nothing after it ran. To go on anyway, continue this run with /incident db from:2 (asks for approval again) or /incident db from:3 (skips it).');
    await intoRunChannel();
    await t.say('/incident db from:3');
    await approve();
    expect(await log()).toEqual(['verified']);
    expect(await overviews()).toBe(1);
  });

  it('explains when there is nothing to continue', async () => {
    await t.say('/incident db from:2');
    expect(t.notices('alice').join('\n') + lastLine()).toContain('There is no run of db here to continue. Start one with /incident db.');
    await t.say('/incident db');
    await intoRunChannel();
    await t.say('/incident db from:3');
    expect(t.notices('alice').join('\n') + lastLine()).toContain('is still going; there is nothing to continue yet.');
  });
});
