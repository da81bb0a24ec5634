/**
 * The console's message ids are `m<N>`. N comes from one counter in the store, so every console
 * process sharing a store (two terminals on one PostgreSQL) numbers from the same sequence and
 * never hands out an id another process already used: a ✅ on `m14` can only mean one message.
 * The counter starts past every id already stored, so numbering also continues after a restart.
 */
import { sql } from 'kysely';
import type { Db } from '../../store/schema.js';

/** Highest stored console id + 1 (the seed of the counter, for stores from before it existed). */
export async function firstConsoleId(db: Db, prefix = ''): Promise<number> {
  const [approvals, runs, incidents] = await Promise.all([
    db.selectFrom('approvals').select('message_id as id').where('platform', '=', 'console').execute(),
    db.selectFrom('runs').select('thread_id as id').where('platform', '=', 'console').execute(),
    // incident summaries, and pinned messages (a reused id would look pinned already)
    db.selectFrom('incidents').select('summary_message_id as id').where('platform', '=', 'console').execute(),
  ]);
  const pins = await db.selectFrom('incident_events').select('dedupe_key').where('type', '=', 'pinned').execute();
  const pinned = pins.map((p) => ({ id: p.dedupe_key?.split(':').pop() ?? null }));
  let max = 0;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}m(\\d+)$`);
  for (const { id } of [...approvals, ...runs, ...incidents, ...pinned]) {
    const m = id ? pattern.exec(id) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

/** A function handing out the next message number, atomically, from the store's counter. */
export async function consoleIdAllocator(db: Db, prefix = ''): Promise<() => Promise<number>> {
  const name = `console-message:${prefix}`;
  const seed = (await firstConsoleId(db, prefix)) - 1;
  await db.insertInto('counters').values({ name, value: seed }).onConflict((oc) => oc.column('name').doNothing()).execute();
  return async () => {
    const row = await db
      .updateTable('counters')
      .set({ value: sql`value + 1` })
      .where('name', '=', name)
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  };
}
