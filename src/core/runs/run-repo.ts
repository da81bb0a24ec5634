/** Runs and their steps, stored so the overview can be re-rendered and restarts reported. */
import type { Db, RunsTable, StepsTable } from '../../store/schema.js';
import { iso } from '../clock.js';
import type { StepStatus } from '../message.js';
import type { StepResult } from '../exec/types.js';

export type RunRow = RunsTable;
export type StepRow = StepsTable;

export class RunRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async create(run: Omit<RunRow, 'created_at' | 'updated_at'>, steps: Omit<StepRow, 'run_id' | 'id' | 'exit_code' | 'signal' | 'duration_ms' | 'output' | 'truncated' | 'started_at' | 'finished_at'>[]): Promise<void> {
    const at = iso(this.now());
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('runs').values({ ...run, created_at: at, updated_at: at }).execute();
      if (steps.length === 0) return;
      await trx
        .insertInto('steps')
        .values(
          steps.map((s) => ({
            ...s,
            id: `${run.id}:${s.n}`,
            run_id: run.id,
            exit_code: null,
            signal: null,
            duration_ms: null,
            output: null,
            truncated: 0,
            started_at: null,
            finished_at: null,
          })),
        )
        .execute();
    });
  }

  get(id: string): Promise<RunRow | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  steps(runId: string): Promise<StepRow[]> {
    return this.db.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('n').execute();
  }

  async setThread(runId: string, threadId: string): Promise<void> {
    await this.db.updateTable('runs').set({ thread_id: threadId, updated_at: iso(this.now()) }).where('id', '=', runId).execute();
  }

  async setRunStatus(runId: string, status: string): Promise<void> {
    await this.db.updateTable('runs').set({ status, updated_at: iso(this.now()) }).where('id', '=', runId).execute();
  }

  async setStepStatus(runId: string, n: number, status: StepStatus): Promise<void> {
    const fields: Partial<StepRow> = { status };
    if (status === 'running' || status === 'executing') fields.started_at = iso(this.now());
    await this.db.updateTable('steps').set(fields).where('id', '=', `${runId}:${n}`).execute();
  }

  async finishStep(runId: string, n: number, status: StepStatus, result: StepResult): Promise<void> {
    await this.db
      .updateTable('steps')
      .set({
        status,
        exit_code: result.exitCode,
        signal: result.signal,
        duration_ms: Math.round(result.durationMs),
        output: result.output,
        truncated: result.truncated ? 1 : 0,
        finished_at: iso(this.now()),
      })
      .where('id', '=', `${runId}:${n}`)
      .execute();
  }

  /** Steps left `running`/`executing` by a dead process. */
  async markInterrupted(): Promise<StepRow[]> {
    const rows = await this.db.selectFrom('steps').selectAll().where('status', 'in', ['running', 'executing']).execute();
    if (rows.length) {
      await this.db.updateTable('steps').set({ status: 'interrupted', finished_at: iso(this.now()) }).where('status', 'in', ['running', 'executing']).execute();
    }
    return rows;
  }
}
