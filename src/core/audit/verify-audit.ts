/**
 * Walks the audit chain in seq order and names the first row that does not fit.
 *
 * Each row is checked three ways: its own hash against its contents, its seq against the
 * previous row's seq + 1, and its prev_hash against the previous row's hash. Which of those
 * fail tells the story:
 * - edited:   a row's contents no longer match its hash; or its successor recorded a different
 *             hash for it (the row was changed and re-hashed);
 * - deleted:  a gap in seq whose next row points at a hash that no longer exists;
 * - inserted: a row before seq 1, a row that skips seq while linking to its predecessor, a row
 *             linking to an event that is not its predecessor, or a row that neither verifies
 *             nor links.
 * Limit: removing the newest events leaves a shorter chain that is still intact; only the
 * count (or an external copy of the head hash) reveals that.
 */
import type { Selectable } from 'kysely';

import type { AuditEventsTable, Db } from '../../store/schema.js';
import { GENESIS_HASH, hashEvent } from './hash-event.js';

export type AuditProblem = 'edited' | 'inserted' | 'deleted';

export type AuditVerifyResult =
  | { ok: true; count: number }
  | { ok: false; seq: number; problem: AuditProblem; message: string };

type Row = Selectable<AuditEventsTable>;

const PAGE = 500;

export async function verifyAuditChain(db: Db): Promise<AuditVerifyResult> {
  let prev: Row | undefined;
  let count = 0;
  for (;;) {
    let query = db.selectFrom('audit_events').selectAll().orderBy('seq', 'asc').limit(PAGE);
    if (prev) query = query.where('seq', '>', prev.seq);
    const rows = await query.execute();
    for (const row of rows) {
      const problem = await checkRow(db, row, prev);
      if (problem) return problem;
      prev = row;
      count++;
    }
    if (rows.length < PAGE) return { ok: true, count };
  }
}

async function checkRow(db: Db, row: Row, prev: Row | undefined): Promise<AuditVerifyResult | undefined> {
  const expectedSeq = prev ? prev.seq + 1 : 1;
  const expectedPrev = prev ? prev.hash : GENESIS_HASH;
  const selfOk = contentsMatchHash(row);
  const linked = row.prev_hash === expectedPrev;
  const name = describe(row);
  const bad = (seq: number, problem: AuditProblem, message: string): AuditVerifyResult => ({ ok: false, seq, problem, message });

  if (row.seq < expectedSeq) {
    return bad(row.seq, 'inserted', `${name} was inserted: the chain starts at event 1`);
  }
  if (row.seq === expectedSeq && linked) {
    return selfOk ? undefined : bad(row.seq, 'edited', `${name} was edited: its contents no longer match its hash`);
  }

  // The link to the previous row is broken (or seq skips). Whose row does prev_hash name?
  const claimed = await db.selectFrom('audit_events').select('seq').where('hash', '=', row.prev_hash).executeTakeFirst();
  if (claimed && claimed.seq !== prev?.seq) {
    return bad(row.seq, 'inserted', `${name} was inserted: it claims to follow event ${claimed.seq}, which is not its predecessor`);
  }

  if (row.seq === expectedSeq) {
    // Contiguous seq, wrong link. If this row still verifies, its predecessor changed and was
    // re-hashed to hide it; otherwise this row's own prev_hash was tampered with.
    if (selfOk && prev) {
      return bad(prev.seq, 'edited', `${describe(prev)} was edited and re-hashed: event ${row.seq} recorded a different hash for it`);
    }
    return bad(row.seq, 'edited', `${name} was edited: its prev_hash no longer names the event before it`);
  }

  // seq skips expectedSeq .. row.seq - 1.
  const missing = row.seq - 1 === expectedSeq ? `event ${expectedSeq} is` : `events ${expectedSeq}..${row.seq - 1} are`;
  if (linked) {
    return bad(row.seq, 'inserted', `${name} was inserted: it links to event ${prev?.seq ?? 0} but its seq skips ${expectedSeq}`);
  }
  if (!selfOk) {
    return bad(row.seq, 'inserted', `${name} was inserted: it neither matches its hash nor links to an existing event`);
  }
  return bad(expectedSeq, 'deleted', `${missing} missing (deleted): ${name} points to a predecessor that no longer exists`);
}

function contentsMatchHash(row: Row): boolean {
  let data: unknown;
  try {
    data = JSON.parse(row.data);
  } catch {
    return false;
  }
  const { seq, at, actor, action, subject, prev_hash } = row;
  return hashEvent({ seq, at, actor, action, subject, data, prev_hash }) === row.hash;
}

function describe(row: Row): string {
  return `event ${row.seq} (${row.action} by ${row.actor} at ${row.at})`;
}
