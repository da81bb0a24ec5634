/**
 * Recovery: the heartbeat reposts only requests whose message was never recorded and that are
 * stale, once; shutdown interrupts this replica's executions through the service, so the run
 * closes, its lock is released and the thread is told.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { defineCommand } from '../../../src/core/commands/define-command.js';
import { killAllSteps } from '../../../src/core/exec/step-registry.js';
import { REPOST_AFTER_MS } from '../../../src/core/approvals/recovery.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const RUNBOOK = `---\nid: demo\ntitle: Demo\n---\n## Recovery\n\`\`\`sh {approve timeout=60s}\nsleep 30\n\`\`\`\n`;

let t: TestBot;
afterEach(async () => {
  await killAllSteps();
  await t?.close();
});

const approvalPosts = () => t.events.filter((e) => e.type === 'post' && (e as { message: { approval?: unknown } }).message.approval);

describe('recovery', () => {
  it('the heartbeat sweep leaves a request being posted alone, and reposts it once when stale', async () => {
    const clock = new ManualClock();
    t = await startTestBot({ runbooks: { 'demo.md': RUNBOOK }, clock });
    await t.say('/incident demo');
    // as if its poster were still between insert and setMessage (or died there)
    await t.services.store.db.updateTable('approvals').set({ message_id: null }).execute();
    const never = async () => false;
    expect((await t.bot.approvals.recovery.sweep(never)).reposted).toBe(0);
    expect(approvalPosts()).toHaveLength(1);
    await clock.advance(REPOST_AFTER_MS + 1);
    expect((await t.bot.approvals.recovery.sweep(never)).reposted).toBe(1);
    expect((await t.bot.approvals.recovery.sweep(never)).reposted).toBe(0);
    expect(approvalPosts()).toHaveLength(2);
    const row = await t.services.store.db.selectFrom('approvals').select('message_id').executeTakeFirst();
    expect(row!.message_id).toBe(approvalPosts()[1]!.type === 'post' ? (approvalPosts()[1] as { id: string }).id : '');
  });

  it('shutdown interrupts the running step through the service: thread told, run closed, lock released', async () => {
    const locked = defineCommand({
      name: 'deploy',
      description: 'runs demo under a lock',
      handler: async (ctx) => {
        await ctx.runs.start(ctx.services.runbooks.get('demo')!, { params: {}, lock: 'deploy:production' });
      },
    });
    t = await startTestBot({ runbooks: { 'demo.md': RUNBOOK }, commands: [locked] });
    await t.say('/deploy');
    await t.adapter.input(':as bob');
    await t.adapter.input(`:react ${t.approvals()[0]!.id} ✅`);
    const db = t.services.store.db;
    for (let i = 0; i < 200 && (await db.selectFrom('steps').select('status').executeTakeFirst())?.status !== 'executing'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await db.selectFrom('locks').select('name').where('name', '=', 'deploy:production').execute()).toHaveLength(1);

    expect(await t.bot.approvals.interruptOwn('opsbridge was shut down while it ran')).toBe(1);
    await killAllSteps();
    await t.bot.idle();
    expect(await db.selectFrom('locks').select('name').where('name', '=', 'deploy:production').execute()).toEqual([]);
    expect((await db.selectFrom('runs').select('status').executeTakeFirst())!.status).toBe('failed');
    expect(t.events.some((e) => e.type === 'post' && /was interrupted and will not be re-run automatically: opsbridge was shut down/.test(JSON.stringify(e.message)))).toBe(true);
    expect(t.approvals()[0]!.state).toBe('interrupted');
  });
});
