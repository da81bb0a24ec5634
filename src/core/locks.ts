/**
 * Named leases in the store (e.g. `rollback:production`), shared by every replica.
 *
 * acquireLock is one conditional upsert, so it is atomic on SQLite and PostgreSQL alike:
 * insert the lock, or, if the name is taken, overwrite it only when the current holder's lease
 * has expired (or the holder is the same owner, which renews it). Whoever's write changed a row
 * holds the lock; everyone else sees zero rows changed.
 */
import { iso } from './clock.js';
import type { Db } from '../store/schema.js';

export async function acquireLock(db: Db, name: string, owner: string, ttlMs: number, nowMs: number): Promise<boolean> {
  const acquiredAt = iso(nowMs);
  const expiresAt = iso(nowMs + ttlMs);
  const result = await db
    .insertInto('locks')
    .values({ name, owner, acquired_at: acquiredAt, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, acquired_at: acquiredAt, expires_at: expiresAt })
        // ISO-8601 UTC strings of equal length compare in time order.
        .where((eb) => eb.or([eb('locks.expires_at', '<=', acquiredAt), eb('locks.owner', '=', owner)])),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Releases the lock only if `owner` still holds it: a holder whose lease was taken over cannot free the new holder's lock. */
export async function releaseLock(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
}
