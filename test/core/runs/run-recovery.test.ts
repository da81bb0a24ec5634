/**
 * Restart after a crash: runs the dead process left `running` are announced in their thread with
 * what to do next and closed; a run waiting on a pending approval is left to that approval.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { acquireLock } from '../../../src/core/locks.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const RUNBOOK = `---\nid: demo\ntitle: Demo\n---\n## Diagnosis\n\`\`\`sh\necho diag\n\`\`\`\n## Recovery\n\`\`\`sh {approve}\necho fix\n\`\`\`\n`;

let t: TestBot | undefined;
let again: TestBot | undefined;
afterEach(async () => {
  await again?.close();
  if (t) await rm(t.services.dataDir, { recursive: true, force: true });
  t = again = undefined;
});

async function crashAndRestart(mutate: (t: TestBot) => Promise<void>): Promise<TestBot> {
  t = await startTestBot({ runbooks: { 'demo.md': RUNBOOK } });
  await t.say('/incident demo');
  await mutate(t);
  const dataDir = t.services.dataDir;
  await t.bot.stop();
  await t.services.store.close();
  again = await startTestBot({ runbooks: { 'demo.md': RUNBOOK }, dataDir });
  return again;
}

const posts = (b: TestBot) => b.events.filter((e) => e.type === 'post').map((e) => JSON.stringify((e as { message: unknown }).message));

describe('run recovery', () => {
  it('a step that was running is marked interrupted, announced with how to run it again, and the run closed', async () => {
    const b = await crashAndRestart(async (t) => {
      const db = t.services.store.db;
      // the process died while diagnostic step 1 ran (and before the request was made)
      await db.updateTable('steps').set({ status: 'running' }).where('n', '=', 1).execute();
      await db.deleteFrom('approvals').execute();
      await db.updateTable('runs').set({ owner: 'dead-replica' }).execute();
    });
    const db = b.services.store.db;
    expect((await db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('failed');
    expect((await db.selectFrom('steps').select('status').where('n', '=', 1).executeTakeFirst())!.status).toBe('interrupted');
    expect(posts(b).some((p) => /opsbridge stopped while step 1 .* ran\. It was stopped, not re-run, and this run is closed\. .*\/incident demo step:1/.test(p))).toBe(true);
  });

  it('a run of another live process on the same SQLite file (a console beside start) is left running', async () => {
    const other = spawn('sleep', ['30']); // stands in for the other opsbridge process
    try {
      const owner = `${other.pid}-0ther1`;
      const b = await crashAndRestart(async (t) => {
        const db = t.services.store.db;
        await db.deleteFrom('approvals').execute();
        await db.updateTable('runs').set({ owner }).execute();
        await acquireLock(db, `replica:${owner}`, owner, 30_000, Date.now());
      });
      expect((await b.services.store.db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('running');
      expect(posts(b).some((p) => /the run is closed/.test(p))).toBe(false);
    } finally {
      other.kill();
    }
  });

  it('a run of a process that died is closed at once, without waiting for its heartbeat to lapse', async () => {
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    const owner = `${gone.pid}-d3ad00`;
    const b = await crashAndRestart(async (t) => {
      const db = t.services.store.db;
      await db.deleteFrom('approvals').execute();
      await db.updateTable('runs').set({ owner }).execute();
      await acquireLock(db, `replica:${owner}`, owner, 30_000, Date.now());
    });
    expect((await b.services.store.db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('failed');
    expect(posts(b).some((p) => /the run is closed/.test(p))).toBe(true);
  });

  it('a run that died between steps is closed with the step to continue from', async () => {
    const b = await crashAndRestart(async (t) => {
      await t.services.store.db.deleteFrom('approvals').execute();
      await t.services.store.db.updateTable('runs').set({ owner: 'dead-replica' }).execute();
    });
    expect(posts(b).some((p) => /nothing is running and the run is closed\. Continue with \/incident demo step:2/.test(p))).toBe(true);
  });

  it('a run waiting on a pending approval stays open, and the approval still runs it', async () => {
    const b = await crashAndRestart(async () => undefined);
    const db = b.services.store.db;
    expect((await db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('running');
    await b.say(':as bob');
    await b.say(`:react ${(await db.selectFrom('approvals').select('message_id').executeTakeFirst())!.message_id} ✅`);
    expect((await db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('done');
  });
});
