/**
 * The step from "an alert declared an incident" to "its runbook is running", made recoverable.
 *
 * Linking the incident to its alert group and writing the run marker is one transaction, and
 * the marker is claimed by the declaring replica from the start. The marker is closed when the
 * run has started (or could not start). If the process dies in between (a crash after the
 * declare, before or while the run starts), the marker stays: at startup and on every alert
 * sweep, a marker whose claimant is gone is taken over with one conditional write, so only one
 * replica wins. The winner first looks for the run the dead claimant may already have created,
 * and only starts one if there is none: the diagnostics run once, never twice.
 */
import type { Logger } from 'pino';
import { iso, type Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { AlertRunsTable, Db } from '../../store/schema.js';

export type AlertRunRow = AlertRunsTable;

/** the claimant of a marker nobody wrote (see adoptUnmarked): never a live replica */
export const NOBODY = 'nobody';

export interface RunTarget {
  runbookId: string;
  platform: string;
  channelId: string;
  threadId?: string;
}

/** What a start ended as: the run started, or it could not (the reason is kept on the marker). */
export type StartOutcome = { state: 'started' } | { state: 'failed' | 'skipped'; error: string };

export interface AlertRunsDeps {
  db: Db;
  clock: Clock;
  /** this replica */
  me: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** starts the marked run; resolves when the run has started (or says why it did not) */
  start(row: AlertRunRow): Promise<StartOutcome>;
}

export class AlertRuns {
  /** markers this process is starting right now: a marker of ours not in here was left by a failure */
  private readonly inFlight = new Set<string>();
  private readonly starts = new Set<Promise<unknown>>();

  constructor(private readonly d: AlertRunsDeps) {}

  /**
   * Links the incident to its group (state open) and, when a runbook was routed, writes the run
   * marker claimed by this replica: one transaction, so no crash can leave one without the other.
   * The incident id is marked in flight before the write, so a concurrent sweep never takes it.
   */
  async declared(groupId: string, incidentId: string, run: Omit<RunTarget, 'threadId'> | undefined): Promise<void> {
    const at = iso(this.d.clock.now());
    if (run) this.inFlight.add(incidentId);
    try {
      await this.d.db.transaction().execute(async (tx) => {
        await tx.updateTable('alert_groups').set({ incident_id: incidentId, declared_at: at, state: 'open', updated_at: at }).where('id', '=', groupId).execute();
        if (!run) return;
        await tx
          .insertInto('alert_runs')
          .values({ incident_id: incidentId, group_id: groupId, runbook_id: run.runbookId, platform: run.platform, channel_id: run.channelId, thread_id: null, state: 'starting', claimed_by: this.d.me, claimed_at: at, error: null, created_at: at, updated_at: at })
          .onConflict((oc) => oc.column('incident_id').doNothing())
          .execute();
      });
    } catch (err) {
      this.inFlight.delete(incidentId);
      throw err;
    }
  }

  /** The declaring replica starts the run it just marked. Not awaited: the next alert should not wait for diagnostics. */
  async begin(incidentId: string): Promise<void> {
    const row = await this.get(incidentId);
    if (!row || row.state !== 'starting' || row.claimed_by !== this.d.me) {
      this.inFlight.delete(incidentId);
      return;
    }
    this.launch(row);
  }

  /** Where the run will post, written before it starts, so a takeover looks for its run there. */
  async retarget(incidentId: string, where: { channelId: string; threadId?: string }): Promise<void> {
    await this.d.db
      .updateTable('alert_runs')
      .set({ channel_id: where.channelId, thread_id: where.threadId ?? null, updated_at: iso(this.d.clock.now()) })
      .where('incident_id', '=', incidentId)
      .where('claimed_by', '=', this.d.me)
      .execute();
  }

  /** The declare failed before the run could start: the marker is left for a retry or a restart to pick up. */
  abandon(incidentId: string): void {
    this.inFlight.delete(incidentId);
  }

  /** A marker of ours that a failure (not a crash) left behind, e.g. when the notification is retried. */
  async resumeOwn(incidentId: string): Promise<boolean> {
    const row = await this.get(incidentId);
    if (!row || row.state !== 'starting' || row.claimed_by !== this.d.me || this.inFlight.has(incidentId)) return false;
    return this.takeOver(row);
  }

  /**
   * Every open marker whose claimant is gone: ours when nothing here is starting it, another
   * replica's when `isGone` says so (see claimant-gone.ts). Returns how many runs it started.
   */
  async recover(isGone: (owner: string, claimedAt: string) => Promise<boolean>): Promise<number> {
    await this.adoptUnmarked();
    const rows = await this.d.db.selectFrom('alert_runs').selectAll().where('state', '=', 'starting').orderBy('created_at').execute();
    let n = 0;
    for (const row of rows) {
      const gone = row.claimed_by === this.d.me ? !this.inFlight.has(row.incident_id) : await isGone(row.claimed_by, row.claimed_at);
      if (gone && (await this.takeOver(row))) n++;
    }
    return n;
  }

  /**
   * An open alert incident with a routed runbook and no marker (declared before markers existed,
   * or its marker lost) gets one, claimed by nobody alive: the takeover then looks for its run
   * (since it was declared) and starts one only if there is none.
   */
  private async adoptUnmarked(): Promise<void> {
    const rows = await this.d.db
      .selectFrom('alert_groups')
      .innerJoin('incidents', 'incidents.id', 'alert_groups.incident_id')
      .leftJoin('alert_runs', 'alert_runs.incident_id', 'alert_groups.incident_id')
      .select(['alert_groups.id as group_id', 'alert_groups.runbook_id', 'incidents.id as incident_id', 'incidents.platform', 'incidents.channel_id', 'incidents.thread_id', 'incidents.origin_channel_id', 'incidents.declared_at'])
      .where('alert_runs.incident_id', 'is', null)
      .where('alert_groups.runbook_id', 'is not', null)
      .where('incidents.status', 'not in', ['resolved', 'cancelled'])
      .limit(100)
      .execute();
    const at = iso(this.d.clock.now());
    for (const r of rows) {
      await this.d.db
        .insertInto('alert_runs')
        .values({ incident_id: r.incident_id, group_id: r.group_id, runbook_id: r.runbook_id!, platform: r.platform, channel_id: r.channel_id ?? r.origin_channel_id, thread_id: r.thread_id, state: 'starting', claimed_by: NOBODY, claimed_at: r.declared_at, error: null, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('incident_id').doNothing())
        .execute();
    }
  }

  get(incidentId: string): Promise<AlertRunRow | undefined> {
    return this.d.db.selectFrom('alert_runs').selectAll().where('incident_id', '=', incidentId).executeTakeFirst();
  }

  /** true while a start is in progress */
  get busy(): boolean {
    return this.starts.size > 0;
  }

  /** resolves when no start is in progress */
  async idle(): Promise<void> {
    while (this.starts.size) await Promise.allSettled([...this.starts]);
  }

  /** One conditional write takes the marker from its last claimant; then the run starts unless it exists already. */
  private async takeOver(row: AlertRunRow): Promise<boolean> {
    if (this.inFlight.has(row.incident_id)) return false;
    this.inFlight.add(row.incident_id);
    try {
      const at = iso(this.d.clock.now());
      const res = await this.d.db
        .updateTable('alert_runs')
        .set({ claimed_by: this.d.me, claimed_at: at, updated_at: at })
        .where('incident_id', '=', row.incident_id)
        .where('state', '=', 'starting')
        .where('claimed_by', '=', row.claimed_by)
        .where('claimed_at', '=', row.claimed_at)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) {
        this.inFlight.delete(row.incident_id);
        return false;
      }
      // The claimant may have died after its run was stored: that run is the one (run recovery closes it).
      const existing = await this.d.db
        .selectFrom('runs')
        .select('id')
        .where('platform', '=', row.platform)
        .where('channel_id', 'in', [row.channel_id, ...(row.thread_id ? [row.thread_id] : [])])
        .where('runbook_id', '=', row.runbook_id)
        .where('created_at', '>=', row.claimed_at)
        .executeTakeFirst();
      if (existing) {
        await this.close(row.incident_id, { state: 'started' });
        this.inFlight.delete(row.incident_id);
        return false;
      }
      this.d.logger.info({ incident: row.incident_id, runbook: row.runbook_id, from: row.claimed_by }, 'starting an alert runbook run a stopped process did not start');
      this.launch({ ...row, claimed_by: this.d.me, claimed_at: at });
      return true;
    } catch (err) {
      this.inFlight.delete(row.incident_id);
      throw err;
    }
  }

  private launch(row: AlertRunRow): void {
    const p = this.d
      .start(row)
      .catch((err: unknown): StartOutcome => ({ state: 'failed', error: errorMessage(err) }))
      .then((outcome) => this.close(row.incident_id, outcome))
      .catch((err: unknown) => this.d.logger.error({ err, incident: row.incident_id }, 'alert run marker not closed; the run may be started again after a restart'))
      .finally(() => {
        this.inFlight.delete(row.incident_id);
        this.starts.delete(p);
      });
    this.starts.add(p);
  }

  /** Closes the marker, if this replica still holds it. */
  private async close(incidentId: string, outcome: StartOutcome): Promise<void> {
    const at = iso(this.d.clock.now());
    await this.d.db
      .updateTable('alert_runs')
      .set({ state: outcome.state, error: outcome.state === 'started' ? null : outcome.error.slice(0, 2000), updated_at: at })
      .where('incident_id', '=', incidentId)
      .where('state', '=', 'starting')
      .where('claimed_by', '=', this.d.me)
      .execute();
  }
}
