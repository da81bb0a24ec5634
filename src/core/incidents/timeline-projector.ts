/**
 * Keeps the incident timeline in step with the audit log. It reads audit events after its
 * cursor, in seq order, maps each (map-audit.ts) and inserts the timeline row keyed by the audit
 * seq. Inserting is idempotent, so a crash between the audit append and the projection, a
 * restart, or two replicas projecting the same range never lose or double an event: the next
 * catch-up simply finishes the job. Whoever inserts a row gets it back to act on (acknowledgement,
 * reminders, the summary message).
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../audit/types.js';
import type { Db } from '../../store/schema.js';
import type { IncidentRepo } from './incident-repo.js';
import { mapAuditEvent } from './map-audit.js';
import type { TimelineEvent } from './model.js';

const PAGE = 500;

export class TimelineProjector {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly repo: IncidentRepo,
  ) {}

  /** Projects everything not yet projected; resolves with the events this call inserted. */
  catchUp(): Promise<TimelineEvent[]> {
    const result = this.queue.then(() => this.run());
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(): Promise<TimelineEvent[]> {
    const inserted: TimelineEvent[] = [];
    for (;;) {
      const cursor = await this.db.selectFrom('incident_projection').select('seq').where('name', '=', 'timeline').executeTakeFirstOrThrow();
      const rows = await this.db.selectFrom('audit_events').selectAll().where('seq', '>', cursor.seq).orderBy('seq', 'asc').limit(PAGE).execute();
      if (rows.length === 0) return inserted;
      for (const row of rows) {
        const ev: AuditEvent = { seq: row.seq, at: row.at, actor: row.actor, action: row.action, subject: row.subject, data: JSON.parse(row.data) as Record<string, unknown>, prevHash: row.prev_hash, hash: row.hash };
        const mapped = await mapAuditEvent(ev, this.repo, this.db);
        if (!mapped) continue;
        const event: TimelineEvent = { id: randomUUID(), incidentId: mapped.incidentId, at: mapped.at, type: mapped.type, actor: mapped.actor, text: mapped.text, data: mapped.data, auditSeq: row.seq };
        const fresh = await this.repo.insertEvent({
          id: event.id,
          incident_id: event.incidentId,
          audit_seq: row.seq,
          at: event.at,
          type: event.type,
          actor_id: event.actor.id,
          actor_name: event.actor.name,
          text: event.text,
          data: JSON.stringify(event.data),
          dedupe_key: mapped.dedupeKey,
        });
        if (fresh) inserted.push(event);
      }
      const last = rows[rows.length - 1]!.seq;
      // Only ever forward: a slower replica must not move the cursor back.
      await this.db.updateTable('incident_projection').set({ seq: last }).where('name', '=', 'timeline').where('seq', '<', last).execute();
      if (rows.length < PAGE) return inserted;
    }
  }
}
