/**
 * Runs a dead process left `running`. Its gated steps are handled by approval recovery (which
 * announces them and fires the hooks that close the run); what is left here: diagnostics and
 * safe steps that were running (their processes were ended by the watchdog), and runs that
 * died between two steps. Each is announced in its thread with what to do next, and closed.
 * A run waiting on a pending approval is not orphaned: the request resumes and drives it on.
 */
import type { Services } from '../services.js';
import type { RunEngine } from './run-engine.js';
import { stepTitle } from './render-run.js';
import type { Runbook } from '../runbook/model.js';

export type IsOrphanOwner = (owner: string | null) => Promise<boolean>;

export async function recoverRuns(engine: RunEngine, services: Services, isOrphanOwner: IsOrphanOwner): Promise<number> {
  const db = services.store.db;
  let closed = 0;
  const running = await db.selectFrom('runs').selectAll().where('status', '=', 'running').execute();
  for (const run of running) {
    if (!(await isOrphanOwner(run.owner))) continue;
    const open = await db.selectFrom('approvals').select('state').where('run_id', '=', run.id).where('state', 'in', ['pending', 'executing']).execute();
    if (open.length) continue;
    const steps = await engine.runs.steps(run.id);
    const cut = steps.filter((s) => s.status === 'running' || s.status === 'executing');
    for (const s of cut) await engine.runs.setStepStatus(run.id, s.n, 'interrupted');
    const runbook = run.snapshot ? (JSON.parse(run.snapshot) as Runbook) : services.runbooks.get(run.runbook_id ?? '');
    const title = (n: number) => (runbook ? stepTitle(runbook, n) : `step ${n}`);
    const again = (n: number) => `/${run.command} ${run.runbook_id ?? ''} step:${n}`.replace(/\s+/g, ' ');
    const next = steps.find((s) => s.status === 'pending' || s.status === 'awaiting_approval');
    const note = cut.length
      ? `opsbridge stopped while ${cut.map((s) => `step ${s.n} (${title(s.n)})`).join(', ')} ran. It was stopped, not re-run, and this run is closed. Check what it did, then run it again with ${again(cut[0]!.n)} if it is still needed.`
      : `opsbridge stopped before this run finished; nothing is running and the run is closed.${next ? ` Continue with ${again(next.n)}.` : ''}`;
    await engine.finishRun(run.id, 'failed', note);
    closed++;
  }
  return closed;
}
