/** The newest event of the audit chain and how many there are: what an export records so it can be found in the chain later. */
import type { Db } from '../../store/schema.js';

export interface AuditHead {
  events: number;
  head: { seq: number; hash: string } | null;
}

export async function auditHead(db: Db): Promise<AuditHead> {
  const head = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  const count = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { events: Number(count.n), head: head ? { seq: Number(head.seq), hash: head.hash } : null };
}
