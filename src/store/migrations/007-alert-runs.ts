/**
 * The run an alert's incident owes: written with the incident's link to its alert group (one
 * transaction), claimed by the replica that declared it, closed once the run has started. A
 * crash between declaring and starting leaves the marker, so the run is started on restart
 * (or by another replica), once.
 */
import type { Kysely, Migration } from 'kysely';

export const migration007AlertRuns: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('alert_runs')
      .addColumn('incident_id', 'text', (c) => c.primaryKey())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('runbook_id', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('thread_id', 'text')
      .addColumn('state', 'text', (c) => c.notNull()) // starting | started | failed | skipped
      .addColumn('claimed_by', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alert_runs_state_idx').on('alert_runs').column('state').execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('alert_runs').ifExists().execute();
  },
};
