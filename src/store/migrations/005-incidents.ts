/**
 * Incidents: the persisted object runs, approvals, status-page updates and alerts attach to.
 * - `incident_counters` hands out INC-<n>: one conditional `update ... returning` per declare, so
 *   two replicas on one PostgreSQL never get the same number (the row lock serialises them).
 * - `incident_events` is the timeline, a projection of the audit log (one row per audit event at
 *   most: `audit_seq` is unique), so replaying the projection after a crash adds nothing twice.
 * - `incident_reminders` holds the next due time; a reminder is sent by whoever moves `due_at`
 *   first (a conditional write), so one replica sends each.
 */
import type { Kysely, Migration } from 'kysely';

export const migration005Incidents: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('incident_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('incident_counters').values({ name: 'incident', value: 0 }).execute();

    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('n', 'integer', (c) => c.notNull().unique())
      .addColumn('ref', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull()) // chat | alert | cli
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('origin_channel_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text')
      .addColumn('channel_name', 'text')
      .addColumn('thread_id', 'text')
      .addColumn('summary_message_id', 'text')
      .addColumn('declared_by_id', 'text', (c) => c.notNull())
      .addColumn('declared_by_name', 'text', (c) => c.notNull())
      .addColumn('roles', 'text', (c) => c.notNull().defaultTo('{}')) // JSON { commander: {id,name} | null, ... }
      .addColumn('runbooks', 'text', (c) => c.notNull().defaultTo('[]')) // JSON array of runbook ids
      .addColumn('summary', 'text')
      .addColumn('declared_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('mitigated_at', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('cancelled_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incidents_channel_idx').on('incidents').columns(['platform', 'channel_id']).execute();
    await db.schema.createIndex('incidents_status_idx').on('incidents').columns(['status', 'declared_at']).execute();

    await db.schema
      .createTable('incident_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('audit_seq', 'integer', (c) => c.unique())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
      // e.g. `pinned:<message id>`: the same message pinned twice is one event
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .execute();
    await db.schema.createIndex('incident_events_incident_idx').on('incident_events').columns(['incident_id', 'at']).execute();

    await db.schema
      .createTable('incident_runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .execute();

    await db.schema
      .createTable('incident_reminders')
      .addColumn('incident_id', 'text', (c) => c.primaryKey().references('incidents.id').onDelete('cascade'))
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('incident_reminders_due_idx').on('incident_reminders').column('due_at').execute();

    // How far the timeline projection has read the audit log (one row per projection).
    await db.schema
      .createTable('incident_projection')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .execute();
    await db.insertInto('incident_projection').values({ name: 'timeline', seq: 0 }).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['incident_projection', 'incident_reminders', 'incident_runs', 'incident_events', 'incidents', 'incident_counters']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
