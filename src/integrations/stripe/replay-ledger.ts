/**
 * What has been delivered where: one stripe_replays row per (destination, event). A replay
 * records each outcome before it counts the event as done, so a re-run (after a crash, a cancel
 * or a partial failure) skips recorded successes and retries only the rest.
 * A recorded success is never downgraded by a later failure.
 */
import { sql } from 'kysely';
import { iso, type Clock } from '../../core/clock.js';
import type { Db } from '../../store/schema.js';
import type { ListedEvent } from './list-failed-events.js';

export type ReplayOutcome = { ok: true } | { ok: false; error: string };

export class ReplayLedger {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The ids among `ids` already delivered to `destination`. */
  async deliveredAmong(destination: string, ids: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    // Chunks keep the IN list well under SQLite's and PostgreSQL's parameter limits.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      if (chunk.length === 0) continue;
      const rows = await this.db
        .selectFrom('stripe_replays')
        .select('event_id')
        .where('destination', '=', destination)
        .where('status', '=', 'delivered')
        .where('event_id', 'in', chunk)
        .execute();
      for (const r of rows) found.add(r.event_id);
    }
    return found;
  }

  async record(destination: string, event: Pick<ListedEvent, 'id' | 'type' | 'created'>, outcome: ReplayOutcome): Promise<void> {
    const now = iso(this.clock.now());
    const status = outcome.ok ? 'delivered' : 'failed';
    const lastError = outcome.ok ? null : outcome.error.slice(0, 1000);
    await this.db
      .insertInto('stripe_replays')
      .values({
        destination,
        event_id: event.id,
        event_type: event.type,
        event_created: event.created,
        status,
        attempts: 1,
        last_error: lastError,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['destination', 'event_id'])
          .doUpdateSet({ status, attempts: sql<number>`stripe_replays.attempts + 1`, last_error: lastError, updated_at: now })
          .where('stripe_replays.status', '!=', 'delivered'),
      )
      .execute();
  }

  async get(destination: string, eventId: string) {
    return this.db
      .selectFrom('stripe_replays')
      .selectAll()
      .where('destination', '=', destination)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
  }
}
