/**
 * The store side of "one incident per (runbook, group)": a group row per (source, group key,
 * runbook) holding the incident it opened, and an instance row per (source, fingerprint,
 * startsAt) holding the last state seen, so a repeat notification changes nothing and a state
 * change is noticed exactly once.
 */
import { createHash } from 'node:crypto';
import { iso } from '../../core/clock.js';
import { isUniqueViolation } from '../../store/is-unique-violation.js';
import type { AlertGroupsTable, Db } from '../../store/schema.js';
import type { AlertSource, NormalizedAlert } from './types.js';

export type GroupRow = AlertGroupsTable;
export type InstanceChange = 'fired' | 'resolved' | 'unchanged';

const key = (...parts: string[]): string => createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
export const groupId = (source: AlertSource, groupKey: string, runbookId: string | undefined): string => key(source, groupKey, runbookId ?? '');
export const instanceId = (source: AlertSource, a: Pick<NormalizedAlert, 'fingerprint' | 'startsAt'>): string => key(source, a.fingerprint, a.startsAt);

export class AlertGroups {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  get(id: string): Promise<GroupRow | undefined> {
    return this.db.selectFrom('alert_groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byIncident(incidentId: string): Promise<GroupRow[]> {
    return this.db.selectFrom('alert_groups').selectAll().where('incident_id', '=', incidentId).execute();
  }

  /** Creates the group, or returns false if it already exists. */
  async create(row: Omit<GroupRow, 'created_at' | 'updated_at' | 'declared_at' | 'incident_id' | 'storm_id'>): Promise<boolean> {
    const at = iso(this.now());
    try {
      await this.db.insertInto('alert_groups').values({ ...row, incident_id: null, storm_id: null, declared_at: null, created_at: at, updated_at: at }).execute();
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }

  async update(id: string, set: Partial<Omit<GroupRow, 'id'>>): Promise<void> {
    await this.db.updateTable('alert_groups').set({ ...set, updated_at: iso(this.now()) }).where('id', '=', id).execute();
  }

  /** A conditional state change, so two processors (or two button presses) cannot both win. */
  async transition(id: string, from: string[], to: string, set: Partial<Omit<GroupRow, 'id' | 'state'>> = {}): Promise<boolean> {
    const res = await this.db.updateTable('alert_groups').set({ ...set, state: to, updated_at: iso(this.now()) }).where('id', '=', id).where('state', 'in', from).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Incidents opened by alerts since `sinceMs`: the storm-control window. */
  async declaredSince(sinceMs: number): Promise<number> {
    const row = await this.db.selectFrom('alert_groups').select((eb) => eb.fn.countAll<number>().as('n')).where('declared_at', '>=', iso(sinceMs)).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  held(stormId: string): Promise<GroupRow[]> {
    return this.db.selectFrom('alert_groups').selectAll().where('storm_id', '=', stormId).orderBy('created_at').execute();
  }

  /** Records the alert's state; says whether it changed. Instances move between groups when an incident re-opens. */
  async observe(source: AlertSource, groupIdValue: string, a: NormalizedAlert): Promise<InstanceChange> {
    const id = instanceId(source, a);
    const at = iso(this.now());
    const existing = await this.db.selectFrom('alert_instances').select(['status', 'group_id']).where('id', '=', id).executeTakeFirst();
    if (!existing) {
      try {
        await this.db
          .insertInto('alert_instances')
          .values({ id, source, fingerprint: a.fingerprint, starts_at: a.startsAt, status: a.status, group_id: groupIdValue, labels: JSON.stringify(a.labels), updated_at: at })
          .execute();
      } catch (err) {
        if (isUniqueViolation(err)) return this.observe(source, groupIdValue, a);
        throw err;
      }
      return a.status === 'firing' ? 'fired' : 'resolved';
    }
    if (existing.status === a.status && existing.group_id === groupIdValue) return 'unchanged';
    const res = await this.db
      .updateTable('alert_instances')
      .set({ status: a.status, group_id: groupIdValue, updated_at: at })
      .where('id', '=', id)
      .where('status', '=', existing.status)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return 'unchanged';
    if (existing.status === a.status) return 'unchanged';
    return a.status === 'firing' ? 'fired' : 'resolved';
  }

  /** For alerts seen before: instance id → the runbook id ('' for none) their group was routed to. */
  async runbooksOf(source: AlertSource, alerts: Pick<NormalizedAlert, 'fingerprint' | 'startsAt'>[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ids = alerts.map((a) => instanceId(source, a));
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('alert_instances')
        .innerJoin('alert_groups', 'alert_groups.id', 'alert_instances.group_id')
        .select(['alert_instances.id as id', 'alert_groups.runbook_id as runbook'])
        .where('alert_instances.id', 'in', ids.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.id, r.runbook ?? '');
    }
    return out;
  }

  /** Which of these instance ids are already known to be firing. */
  async firingInstances(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('alert_instances').select('id').where('id', 'in', ids).where('status', '=', 'firing').execute();
    return rows.map((r) => r.id);
  }

  /** Firing instances of a group: zero means every alert of it has resolved. */
  async firing(groupIdValue: string): Promise<number> {
    const row = await this.db
      .selectFrom('alert_instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('group_id', '=', groupIdValue)
      .where('status', '=', 'firing')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
