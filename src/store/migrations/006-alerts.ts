/**
 * Alerts in, pages out. Notifications are stored as received (normalized) before the 202, so a
 * crash loses nothing; alert instances are keyed by (source, fingerprint, startsAt) so replays
 * add nothing; groups map (source, group, runbook) to the one incident they opened; deliveries
 * keep the state of every page and outgoing webhook.
 */
import type { Kysely, Migration } from 'kysely';

export const migration006Alerts: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('alert_notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      /** JSON AlertNotification */
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull()) // pending | processing | done | failed
      .addColumn('claimed_by', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error', 'text')
      .addColumn('processed_at', 'text')
      .execute();
    await db.schema.createIndex('alert_notifications_state_idx').on('alert_notifications').columns(['state', 'received_at']).execute();

    await db.schema
      .createTable('alert_groups')
      .addColumn('id', 'text', (c) => c.primaryKey()) // sha256(source, group key, runbook id)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('runbook_id', 'text')
      .addColumn('state', 'text', (c) => c.notNull()) // declaring | open | held | closed
      .addColumn('incident_id', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      /** the notification that opened (or would open) it */
      .addColumn('notification_id', 'text', (c) => c.notNull())
      .addColumn('storm_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('declared_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alert_groups_declared_idx').on('alert_groups').column('declared_at').execute();
    await db.schema.createIndex('alert_groups_incident_idx').on('alert_groups').column('incident_id').execute();

    await db.schema
      .createTable('alert_instances')
      .addColumn('id', 'text', (c) => c.primaryKey()) // sha256(source, fingerprint, startsAt)
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull()) // firing | resolved
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alert_instances_group_idx').on('alert_instances').columns(['group_id', 'status']).execute();

    await db.schema
      .createTable('alert_storms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull()) // pagerduty | webhook
      .addColumn('target', 'text', (c) => c.notNull()) // webhook name/url, or "pagerduty"
      .addColumn('incident_id', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull()) // pending | delivered | failed
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('deliveries_state_idx').on('deliveries').columns(['state', 'next_attempt_at']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['deliveries', 'alert_storms', 'alert_instances', 'alert_groups', 'alert_notifications']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
