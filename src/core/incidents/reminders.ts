/**
 * "No update for a while" reminders. The next due time of each open incident is a row in the
 * store, so reminders survive a restart. Whoever moves `due_at` forward first (a conditional
 * write on the old value) sends the reminder, so on several replicas each is sent once.
 * Time comes from the injected clock: tests move it instead of sleeping.
 */
import type { IncidentsConfig } from '../../config/incidents-schema.js';
import { iso, type Clock, type TimerHandle } from '../clock.js';
import { parseDuration } from '../duration.js';
import type { Db } from '../../store/schema.js';
import type { Severity } from './model.js';

export const SNOOZE_MS = 30 * 60_000;

export class Reminders {
  private timer?: TimerHandle;
  private running?: Promise<unknown>;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: IncidentsConfig['reminders'],
    /** posts the reminder; called once per due reminder, by the replica that claimed it */
    private readonly send: (incidentId: string, quietForMs: number) => Promise<void>,
  ) {}

  intervalFor(severity: Severity): number {
    const value = this.config[severity] ?? this.config.default ?? (severity === 'SEV0' || severity === 'SEV1' ? '30m' : severity === 'SEV2' ? '1h' : '4h');
    return Math.max(1000, parseDuration(value));
  }

  /** (Re)starts the quiet period: called on declare and on every update that counts. */
  async reset(incidentId: string, severity: Severity, fromMs = this.clock.now()): Promise<void> {
    const due = iso(fromMs + this.intervalFor(severity));
    await this.db
      .insertInto('incident_reminders')
      .values({ incident_id: incidentId, due_at: due, sent: 0 })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet({ due_at: due }))
      .execute();
  }

  async snooze(incidentId: string, ms = SNOOZE_MS): Promise<void> {
    await this.db.updateTable('incident_reminders').set({ due_at: iso(this.clock.now() + ms) }).where('incident_id', '=', incidentId).execute();
  }

  async clear(incidentId: string): Promise<void> {
    await this.db.deleteFrom('incident_reminders').where('incident_id', '=', incidentId).execute();
  }

  async dueAt(incidentId: string): Promise<string | undefined> {
    return (await this.db.selectFrom('incident_reminders').select('due_at').where('incident_id', '=', incidentId).executeTakeFirst())?.due_at;
  }

  /** Sends every reminder that is due and not yet claimed by another replica; returns how many this one sent. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('incident_reminders')
      .innerJoin('incidents', 'incidents.id', 'incident_reminders.incident_id')
      .select(['incident_reminders.incident_id as id', 'incident_reminders.due_at as due', 'incidents.severity as severity', 'incidents.status as status'])
      .where('incident_reminders.due_at', '<=', iso(now))
      .execute();
    let sent = 0;
    for (const row of due) {
      if (row.status === 'resolved' || row.status === 'cancelled') {
        await this.clear(row.id);
        continue;
      }
      const interval = this.intervalFor(row.severity as Severity);
      const claimed = await this.db
        .updateTable('incident_reminders')
        .set((eb) => ({ due_at: iso(now + interval), sent: eb('sent', '+', 1) }))
        .where('incident_id', '=', row.id)
        .where('due_at', '=', row.due)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows ?? 0n) === 0) continue; // another replica took it
      await this.send(row.id, now - Date.parse(row.due) + interval);
      sent++;
    }
    return sent;
  }

  /** Polls on the injected clock; a poll never overlaps the previous one. */
  start(pollMs = 5000): void {
    const loop = () => {
      this.running = this.tick()
        .catch(() => 0)
        .finally(() => {
          if (this.timer) this.timer = this.clock.setTimeout(loop, pollMs);
        });
    };
    this.timer = this.clock.setTimeout(loop, pollMs);
  }

  async stop(): Promise<void> {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
