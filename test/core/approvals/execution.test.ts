/**
 * Execution under a lease: the executing replica holds `approval:<id>` while the executor runs,
 * and reports success only if its final transition won. A replica that lost the request
 * meanwhile (another one marked it interrupted) fires no success hooks and says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defineCommand, type CommandSpec } from '../../../src/core/commands/define-command.js';
import { leaseName } from '../../../src/core/approvals/execution.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

function pokeCommand(during: (ctx: { approvalId: string; services: TestBot['services'] }) => Promise<void>): CommandSpec {
  return defineCommand({
    name: 'poke',
    description: 'asks for approval, then pokes',
    handler: async (ctx) => {
      await ctx.requestApproval({ kind: 'poke', payload: {}, preview: { blocks: [{ type: 'header', text: 'Poke the service' }] } });
    },
    executors: {
      poke: async (_payload, ctx) => {
        await during({ approvalId: ctx.approvalId, services: ctx.services as TestBot['services'] });
        return { ok: true, summary: 'poked' };
      },
    },
  });
}

describe('execution', () => {
  it('holds a lease while running and releases it after; success fires the hooks once', async () => {
    const leases: string[] = [];
    t = await startTestBot({
      commands: [
        pokeCommand(async ({ approvalId, services }) => {
          const lock = await services.store.db.selectFrom('locks').selectAll().where('name', '=', leaseName(approvalId)).executeTakeFirst();
          leases.push(lock?.owner ?? 'none');
        }),
      ],
    });
    const outcomes: string[] = [];
    t.bot.approvals.onExecuted(async (_row, _p, o) => void outcomes.push(o.state));
    await t.say('/poke');
    await t.say(':as bob');
    await t.say(':react m1 ✅');
    expect(leases).toEqual([t.services.replicaId]);
    expect(outcomes).toEqual(['succeeded']);
    expect(await t.services.store.db.selectFrom('locks').select('name').where('name', 'like', 'approval:%').execute()).toEqual([]);
  });

  it('a replica whose request was taken from it while running reports nothing as done, and says so in the thread', async () => {
    t = await startTestBot({
      commands: [
        pokeCommand(async ({ approvalId, services }) => {
          // another replica decided our lease had lapsed and marked it interrupted
          await services.store.db.updateTable('approvals').set({ state: 'interrupted' }).where('id', '=', approvalId).execute();
        }),
      ],
    });
    const outcomes: string[] = [];
    t.bot.approvals.onExecuted(async (_row, _p, o) => void outcomes.push(o.state));
    await t.say('/poke');
    await t.say(':as bob');
    await t.say(':react m1 ✅');
    expect(outcomes).toEqual([]);
    const actions = (await t.services.store.db.selectFrom('audit_events').select('action').execute()).map((r) => r.action);
    expect(actions).toContain('approval.execution_lost');
    expect(actions).not.toContain('approval.executed');
    expect(t.events.some((e) => e.type === 'post' && /had lost its hold on it and it was already marked interrupted/.test(JSON.stringify(e.message)))).toBe(true);
    expect(t.approvals()[0]!.state).not.toBe('succeeded');
  });
});
