/**
 * Approvals you can trust (issue #10):
 * - a message is identified by platform + channel + id, enforced by a unique index: a second
 *   request on the same message is a write error, never a silent match of the wrong one;
 * - the approver policy (roles, users, quorum, self-approval, TTL) is stored on the request;
 * - a run keeps the runbook it started with (snapshot JSON + content hash) and its owner
 *   replica, so a restart can close the runs a dead process left behind;
 * - counters: message numbers shared by every console process on one store.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const migration004ApprovalsIdentity: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // Rows that already collide (the bug this index prevents) cannot be told apart any more:
    // keep them for the record, under ids no reaction can ever match.
    const dupes = await db
      .selectFrom('approvals')
      .select(['platform', 'channel_id', 'message_id'])
      .where('message_id', 'is not', null)
      .groupBy(['platform', 'channel_id', 'message_id'])
      .having(sql`count(*)`, '>', 1)
      .execute();
    for (const d of dupes) {
      const rows = await db.selectFrom('approvals').select('id').where('platform', '=', d.platform).where('channel_id', '=', d.channel_id).where('message_id', '=', d.message_id).execute();
      for (const r of rows) {
        await db.updateTable('approvals').set({ message_id: `${d.message_id}~ambiguous~${r.id}` }).where('id', '=', r.id).execute();
      }
    }
    await db.schema.createIndex('approvals_message_uq').on('approvals').columns(['platform', 'channel_id', 'message_id']).unique().execute();
    await db.schema.alterTable('approvals').addColumn('policy', 'text').execute();

    await db.schema.alterTable('runs').addColumn('owner', 'text').execute();
    await db.schema.alterTable('runs').addColumn('runbook_sha256', 'text').execute();
    await db.schema.alterTable('runs').addColumn('snapshot', 'text').execute();

    await db.schema
      .createTable('counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('counters').ifExists().execute();
    await db.schema.dropIndex('approvals_message_uq').ifExists().execute();
  },
};
