/**
 * The durable inbox: every accepted notification is a row before the sender hears 202. A
 * processor claims rows one at a time (a conditional update, so replicas sharing PostgreSQL
 * never process one twice) and marks them done; rows left `processing` by a dead process are
 * handed back on start.
 */
import { randomBytes } from 'node:crypto';
import { iso } from '../../core/clock.js';
import type { AlertNotificationsTable, Db } from '../../store/schema.js';
import type { AlertNotification } from './types.js';

export interface InboxRow {
  id: string;
  notification: AlertNotification;
  receivedAt: string;
  attempts: number;
}

/** After this many failed attempts a notification is parked as `failed` (still stored, logged). */
export const MAX_ATTEMPTS = 5;

/** rows per INSERT (SQLite allows 32,766 bound values; 9 columns each) */
const MAX_BATCH = 500;

type Row = AlertNotificationsTable;

export class AlertInbox {
  private batch: { row: Row; done: (err?: unknown) => void }[] | undefined;
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly owner: string,
  ) {}

  /**
   * Stores a notification; resolves once it is committed. Notifications arriving in the same
   * turn of the event loop share one transaction (group commit): one disk flush for a burst
   * instead of one each, and each sender still hears 202 only after its row is durable.
   */
  add(notification: AlertNotification): Promise<string> {
    const now = this.now();
    // Time-ordered ids, so notifications of one burst keep their arrival order.
    const id = `${now.toString(36).padStart(9, '0')}-${(++this.seq).toString(36).padStart(7, '0')}-${randomBytes(4).toString('hex')}`;
    const row = { id, source: notification.source, received_at: iso(now), body: JSON.stringify(notification), state: 'pending', claimed_by: null, attempts: 0, error: null, processed_at: null };
    return new Promise((resolve, reject) => {
      if (!this.batch) {
        this.batch = [];
        setImmediate(() => void this.flush());
      }
      this.batch.push({ row, done: (err) => (err ? reject(err) : resolve(id)) });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.batch ?? [];
    this.batch = undefined;
    for (let i = 0; i < batch.length; i += MAX_BATCH) {
      const part = batch.slice(i, i + MAX_BATCH);
      try {
        await this.db.insertInto('alert_notifications').values(part.map((b) => b.row)).execute();
        for (const b of part) b.done();
      } catch (err) {
        for (const b of part) b.done(err);
      }
    }
  }

  /** Pending ids in arrival order. */
  async pending(limit = 100): Promise<string[]> {
    const rows = await this.db.selectFrom('alert_notifications').select('id').where('state', '=', 'pending').orderBy('id').limit(limit).execute();
    return rows.map((r) => r.id);
  }

  /** Takes one pending row for this process; undefined if someone else has it. */
  async claim(id: string): Promise<InboxRow | undefined> {
    const res = await this.db
      .updateTable('alert_notifications')
      .set((eb) => ({ state: 'processing', claimed_by: this.owner, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return undefined;
    const row = await this.db.selectFrom('alert_notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { id, notification: JSON.parse(row.body) as AlertNotification, receivedAt: row.received_at, attempts: row.attempts };
  }

  /** A stored notification, whatever its state (a held storm group is declared from it). */
  async body(id: string): Promise<AlertNotification | undefined> {
    const row = await this.db.selectFrom('alert_notifications').select('body').where('id', '=', id).executeTakeFirst();
    return row ? (JSON.parse(row.body) as AlertNotification) : undefined;
  }

  async done(id: string): Promise<void> {
    await this.db.updateTable('alert_notifications').set({ state: 'done', processed_at: iso(this.now()), error: null }).where('id', '=', id).execute();
  }

  /** A failed attempt goes back to pending until MAX_ATTEMPTS, then stays `failed` for a person to look at. */
  async failed(id: string, attempts: number, error: string): Promise<void> {
    await this.db
      .updateTable('alert_notifications')
      .set({ state: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', error: error.slice(0, 2000), claimed_by: null })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Rows a previous process claimed but never finished go back to pending. `isDead` decides per
   * owner (SQLite: every other owner is dead; PostgreSQL: replicas whose heartbeat stopped).
   */
  async reclaim(isDead: (owner: string) => Promise<boolean>): Promise<number> {
    const rows = await this.db.selectFrom('alert_notifications').select(['id', 'claimed_by']).where('state', '=', 'processing').execute();
    let n = 0;
    for (const r of rows) {
      if (r.claimed_by === this.owner || !(await isDead(r.claimed_by ?? ''))) continue;
      await this.db.updateTable('alert_notifications').set({ state: 'pending', claimed_by: null }).where('id', '=', r.id).where('state', '=', 'processing').execute();
      n++;
    }
    return n;
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('alert_notifications').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
