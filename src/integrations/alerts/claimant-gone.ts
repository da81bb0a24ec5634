/**
 * Whether the process that claimed an alert run marker is gone, so another may take it over.
 *
 * PostgreSQL: its replica heartbeat stopped (the same test the inbox uses). SQLite lives on one
 * machine, so: a replica id from `opsbridge start`/`console` begins with its pid, and another
 * process's pid that no longer runs is gone. Otherwise (our own pid, or an id without one) the
 * claimant is gone once its heartbeat lock has lapsed or was released,
 * or once its claim is so old that any run it made would be in the store by now (the takeover
 * looks there first, so a late takeover never runs anything twice).
 */
import type { Clock } from '../../core/clock.js';
import { pidOfReplica, processAlive } from '../../core/process-alive.js';
import type { Db } from '../../store/schema.js';

/** A claim is written milliseconds before its run row; this old, a missing run row means nobody is starting it. */
export const STALE_CLAIM_MS = 60_000;

export type ClaimantGone = (owner: string, claimedAt: string) => Promise<boolean>;

export function sqliteClaimantGone(db: Db, clock: Clock, pidAlive: (pid: number) => boolean = processAlive): ClaimantGone {
  return async (owner, claimedAt) => {
    const pid = pidOfReplica(owner);
    // Our own pid under another id: an earlier life (a restarted container's pid 1) or a replica in this process.
    if (pid && pid !== process.pid) return !pidAlive(pid);
    if (Date.parse(claimedAt) + STALE_CLAIM_MS <= clock.now()) return true;
    const lock = await db.selectFrom('locks').select('expires_at').where('name', '=', `replica:${owner}`).executeTakeFirst();
    return !lock || Date.parse(lock.expires_at) <= clock.now();
  };
}
