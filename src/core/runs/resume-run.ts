/**
 * `/incident db from:6`: continue the latest stopped or failed run of a runbook in this channel,
 * from step 6 to the end, in the same run: its thread, its runbook snapshot, its parameters.
 * Earlier steps keep their results; steps from N on are pending again (so a failed step N can be
 * re-run after its cause is fixed) and the run walks on as it would have.
 */
import { actorLabel } from '../actor-label.js';
import type { Invocation } from '../chat.js';
import { OpsError } from '../errors.js';
import { acquireLock } from '../locks.js';
import type { Poster } from '../poster.js';
import type { Runbook } from '../runbook/model.js';
import type { Services } from '../services.js';
import type { RunEngine } from './run-engine.js';

const RESUME_LOCK_TTL_MS = 6 * 60 * 60_000;

export async function resumeRun(engine: RunEngine, services: Services, poster: Poster, inv: Invocation, runbookId: string, from: number): Promise<string> {
  const { db } = services.store;
  const run = await db
    .selectFrom('runs')
    .selectAll()
    .where('runbook_id', '=', runbookId)
    .where('platform', '=', inv.platform)
    // typed in a thread that is the run's channel (a Discord incident thread) finds its runs too
    .where((eb) => eb.or([eb('channel_id', '=', inv.channel.id), eb('thread_id', '=', inv.channel.id), ...(inv.thread ? [eb('channel_id', '=', inv.thread)] : [])]))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!run) throw new OpsError('NO_RUN', `There is no run of ${runbookId} here to continue. Start one with /${inv.command} ${runbookId}.`);
  if (run.status === 'running') throw new OpsError('RUN_ACTIVE', `Run ${run.id} of ${runbookId} is still going; there is nothing to continue yet.`);
  if (run.status === 'done') throw new OpsError('RUN_DONE', `The last run of ${runbookId} here (${run.id}) finished. Start a new one with /${inv.command} ${runbookId}.`);
  const runbook = (run.snapshot ? JSON.parse(run.snapshot) : services.runbooks.get(runbookId)) as Runbook | undefined;
  if (!runbook) throw new OpsError('RUNBOOK_GONE', `runbook "${runbookId}" of run ${run.id} is no longer loaded`);
  const steps = await engine.runs.steps(run.id);
  if (from < 1 || from > runbook.blocks.length) {
    throw new OpsError('BAD_STEP', `${runbookId} has ${runbook.blocks.length} step${runbook.blocks.length === 1 ? '' : 's'}, so there is no step ${from} to continue from.`);
  }
  const again = steps.filter((s) => s.n >= from);
  if (again.length === 0) {
    throw new OpsError('BAD_STEP', `Run ${run.id} ran only step ${steps.map((s) => s.n).join(', ')} on its own; start a new run with /${inv.command} ${runbookId} to go on from there.`);
  }
  const args = JSON.parse(run.args) as { lock?: string | null; targeted?: boolean };
  if (args.lock && !(await acquireLock(db, args.lock, run.id, RESUME_LOCK_TTL_MS, services.clock.now()))) {
    throw new OpsError('LOCKED', `another ${args.lock.split(':')[0]} is in progress (${args.lock}); wait for it to finish, then continue.`);
  }
  for (const s of again) await engine.runs.setStepStatus(run.id, s.n, s.safety === 'manual' ? 'manual' : 'pending');
  await db.updateTable('runs').set({ args: JSON.stringify({ ...args, targeted: false }) }).where('id', '=', run.id).execute();
  await engine.runs.setRunStatus(run.id, 'running');
  await services.audit.append({ actor: actorLabel(inv.actor), action: 'run.resumed', subject: run.id, data: { runbook: runbookId, from } });
  await poster.post(
    { platform: run.platform, id: run.channel_id },
    { blocks: [{ type: 'text', text: `▶️ ${inv.actor.name} continues this run from step ${from} to the end.` }] },
    { thread: run.thread_id ?? undefined },
  );
  await engine.refresh(run.id);
  await engine.advance(run.id);
  return run.id;
}
