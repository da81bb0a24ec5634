/** Stripe webhook replays: one row per (destination, event) so a replay never sends twice. */
import type { Kysely, Migration } from 'kysely';

export const migration002Stripe: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('stripe_replays')
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('event_type', 'text', (c) => c.notNull())
      // unix seconds; bigint so it outlives 2038 (PostgreSQL int8 is parsed back to a number)
      .addColumn('event_created', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stripe_replays_pk', ['destination', 'event_id'])
      .execute();
    await db.schema.createIndex('stripe_replays_status_idx').on('stripe_replays').columns(['destination', 'status']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('stripe_replays').ifExists().execute();
  },
};
