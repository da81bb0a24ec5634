/** The built-in status page: components, incidents and their timeline of updates. */
import type { Kysely, Migration } from 'kysely';

export const migration003Status: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('status_components')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // Components are addressed by name in chat (`/status API degraded`).
    await db.schema.createIndex('status_components_name_idx').on('status_components').column('name').unique().execute();

    await db.schema
      .createTable('status_incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('impact', 'text', (c) => c.notNull())
      .addColumn('components', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .execute();
    await db.schema.createIndex('status_incidents_status_idx').on('status_incidents').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('status_updates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.references('status_incidents.id').onDelete('cascade'))
      .addColumn('component_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sync', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('status_updates_incident_idx').on('status_updates').columns(['incident_id', 'created_at']).execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['status_updates', 'status_incidents', 'status_components']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
