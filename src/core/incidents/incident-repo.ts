/**
 * Persistence of incidents, portable across SQLite and PostgreSQL. Every change that must happen
 * once (a number handed out, a status left, an acknowledgement time set) is a single conditional
 * write, so concurrent commands and replicas cannot both win.
 */
import type { Selectable } from 'kysely';
import type { Db, IncidentEventsTable, IncidentsTable } from '../../store/schema.js';
import { OpsError } from '../errors.js';
import { emptyRoles, type Incident, type IncidentStatus, type Roles, type Severity, type TimelineEvent } from './model.js';

type Row = Selectable<IncidentsTable>;

export function toIncident(row: Row): Incident {
  return {
    id: row.id,
    ref: row.ref,
    n: row.n,
    title: row.title,
    severity: row.severity as Severity,
    status: row.status as IncidentStatus,
    source: row.source,
    platform: row.platform,
    originChannelId: row.origin_channel_id,
    channel: row.channel_id ? { id: row.channel_id, name: row.channel_name, thread: row.thread_id } : null,
    summaryMessageId: row.summary_message_id,
    declaredBy: { id: row.declared_by_id, name: row.declared_by_name },
    roles: { ...emptyRoles(), ...(JSON.parse(row.roles) as Partial<Roles>) },
    runbooks: JSON.parse(row.runbooks) as string[],
    summary: row.summary,
    declaredAt: row.declared_at,
    acknowledgedAt: row.acknowledged_at,
    mitigatedAt: row.mitigated_at,
    resolvedAt: row.resolved_at,
    cancelledAt: row.cancelled_at,
    updatedAt: row.updated_at,
  };
}

export function toEvent(row: Selectable<IncidentEventsTable>): TimelineEvent {
  return {
    id: row.id,
    incidentId: row.incident_id,
    at: row.at,
    type: row.type,
    actor: { id: row.actor_id, name: row.actor_name },
    text: row.text,
    data: JSON.parse(row.data) as Record<string, unknown>,
    auditSeq: row.audit_seq,
  };
}

const changed = (r: { numUpdatedRows?: bigint } | undefined): boolean => Number(r?.numUpdatedRows ?? 0n) > 0;

export class IncidentRepo {
  constructor(readonly db: Db) {}

  /** The next INC number: one atomic increment in the store (row-locked on PostgreSQL). */
  async allocateNumber(): Promise<number> {
    const row = await this.db
      .updateTable('incident_counters')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('name', '=', 'incident')
      .returning('value')
      .executeTakeFirst();
    if (!row) throw new OpsError('STORE_SCHEMA', 'the incident counter is missing from the store; run the migrations');
    return Number(row.value);
  }

  async insert(row: Row): Promise<void> {
    await this.db.insertInto('incidents').values(row).execute();
  }

  async get(id: string): Promise<Incident | undefined> {
    const row = await this.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  /** `INC-3`, `inc-3`, `3` or the uuid. */
  async find(refOrId: string): Promise<Incident | undefined> {
    const text = refOrId.trim();
    const m = /^(?:inc-?)?(\d+)$/i.exec(text);
    const row = m
      ? await this.db.selectFrom('incidents').selectAll().where('n', '=', Number(m[1])).executeTakeFirst()
      : await this.db.selectFrom('incidents').selectAll().where('id', '=', text).executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  /** The incident whose channel (or fallback thread) this is; the newest if a channel was reused. */
  async byChannel(platform: string, channelId: string, thread?: string | null): Promise<Incident | undefined> {
    let q = this.db.selectFrom('incidents').selectAll().where('platform', '=', platform).where('channel_id', '=', channelId);
    q = thread ? q.where((eb) => eb.or([eb('thread_id', 'is', null), eb('thread_id', '=', thread)])) : q.where('thread_id', 'is', null);
    const row = await q.orderBy('n', 'desc').limit(1).executeTakeFirst();
    return row ? toIncident(row) : undefined;
  }

  /**
   * Any incident living in this channel, threads included, an open one first: what a run or
   * approval there belongs to. A thread that is itself the channel (a Discord incident thread) counts.
   */
  async byChannelAny(platform: string, channelId: string): Promise<Incident | undefined> {
    const rows = await this.db
      .selectFrom('incidents')
      .selectAll()
      .where('platform', '=', platform)
      .where((eb) => eb.or([eb('channel_id', '=', channelId), eb('thread_id', '=', channelId)]))
      .orderBy('n', 'desc')
      .limit(20)
      .execute();
    const row = rows.find((r) => r.resolved_at === null && r.cancelled_at === null) ?? rows[0];
    return row ? toIncident(row) : undefined;
  }

  async list(opts: { open?: boolean } = {}): Promise<Incident[]> {
    let q = this.db.selectFrom('incidents').selectAll();
    if (opts.open) q = q.where('status', 'in', ['investigating', 'identified', 'monitoring']);
    return (await q.orderBy('n', 'asc').execute()).map(toIncident);
  }

  /** by severity: open now and declared ever (for /metrics) */
  async counts(): Promise<{ open: Record<string, number>; total: Record<string, number> }> {
    const rows = await this.db.selectFrom('incidents').select(['severity', 'status']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy(['severity', 'status']).execute();
    const open: Record<string, number> = {};
    const total: Record<string, number> = {};
    for (const r of rows) {
      total[r.severity] = (total[r.severity] ?? 0) + Number(r.n);
      if (['investigating', 'identified', 'monitoring'].includes(r.status)) open[r.severity] = (open[r.severity] ?? 0) + Number(r.n);
    }
    return { open, total };
  }

  /** Leaves `from` for `to`; false if someone else changed the status first. */
  async transition(id: string, from: IncidentStatus, to: IncidentStatus, set: Partial<Row>): Promise<boolean> {
    const r = await this.db.updateTable('incidents').set({ ...set, status: to }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return changed(r);
  }

  async update(id: string, set: Partial<Row>): Promise<void> {
    await this.db.updateTable('incidents').set(set).where('id', '=', id).execute();
  }

  /** Sets a timestamp column only if it is still empty (first acknowledgement, first mitigation). */
  async setOnce(id: string, column: 'acknowledged_at' | 'mitigated_at', at: string): Promise<boolean> {
    const r = await this.db.updateTable('incidents').set({ [column]: at }).where('id', '=', id).where(column, 'is', null).executeTakeFirst();
    return changed(r);
  }

  /** Roles change by compare-and-set on the stored JSON, retried, so two assignments never lose one. */
  async updateRoles(id: string, change: (roles: Roles) => Roles, at: string): Promise<Roles> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.db.selectFrom('incidents').select('roles').where('id', '=', id).executeTakeFirstOrThrow();
      const next = change({ ...emptyRoles(), ...(JSON.parse(row.roles) as Partial<Roles>) });
      const r = await this.db.updateTable('incidents').set({ roles: JSON.stringify(next), updated_at: at }).where('id', '=', id).where('roles', '=', row.roles).executeTakeFirst();
      if (changed(r)) return next;
    }
    throw new OpsError('INCIDENT_CONTENDED', 'Several people changed roles at the same moment, so nothing was changed. Try again.');
  }

  async addRunbook(id: string, runbookId: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const row = await this.db.selectFrom('incidents').select('runbooks').where('id', '=', id).executeTakeFirstOrThrow();
      const list = JSON.parse(row.runbooks) as string[];
      if (list.includes(runbookId)) return;
      const r = await this.db.updateTable('incidents').set({ runbooks: JSON.stringify([...list, runbookId]) }).where('id', '=', id).where('runbooks', '=', row.runbooks).executeTakeFirst();
      if (changed(r)) return;
    }
  }

  async linkRun(runId: string, incidentId: string): Promise<void> {
    await this.db.insertInto('incident_runs').values({ run_id: runId, incident_id: incidentId }).onConflict((oc) => oc.doNothing()).execute();
  }

  async incidentOfRun(runId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('incident_runs').select('incident_id').where('run_id', '=', runId).executeTakeFirst();
    return row?.incident_id;
  }

  async runsOf(incidentId: string): Promise<string[]> {
    return (await this.db.selectFrom('incident_runs').select('run_id').where('incident_id', '=', incidentId).execute()).map((r) => r.run_id);
  }

  /** false when the event was already there (same audit seq or same dedupe key). */
  async insertEvent(row: Selectable<IncidentEventsTable>): Promise<boolean> {
    const r = await this.db.insertInto('incident_events').values(row).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async hasDedupeKey(key: string): Promise<boolean> {
    return Boolean(await this.db.selectFrom('incident_events').select('id').where('dedupe_key', '=', key).executeTakeFirst());
  }

  async eventsBySeq(seq: number): Promise<TimelineEvent[]> {
    return (await this.db.selectFrom('incident_events').selectAll().where('audit_seq', '=', seq).execute()).map(toEvent);
  }

  async events(incidentId: string): Promise<TimelineEvent[]> {
    const rows = await this.db.selectFrom('incident_events').selectAll().where('incident_id', '=', incidentId).orderBy('at', 'asc').orderBy('audit_seq', 'asc').execute();
    return rows.map(toEvent);
  }
}
