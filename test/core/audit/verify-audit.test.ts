/**
 * verifyAuditChain against real tampering: rows edited, deleted or slipped in with raw SQL,
 * the way someone with database access would, on SQLite and PostgreSQL.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAuditLog } from '../../../src/core/audit/audit-log.js';
import { GENESIS_HASH, hashEvent } from '../../../src/core/audit/hash-event.js';
import { verifyAuditChain } from '../../../src/core/audit/verify-audit.js';
import { ManualClock } from '../../../src/core/clock.js';
import { storeKinds, type TestStore } from '../../helpers/test-store.js';

const AT = '2026-03-01T10:00:00.000Z';

describe.each(storeKinds())('audit verification on $name', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const audit = createAuditLog(store.db, new ManualClock(Date.UTC(2026, 2, 1, 9)));
    const actions = ['command.invoked', 'step.executed', 'approval.requested', 'approval.vote', 'step.executed'];
    for (const [i, action] of actions.entries()) {
      await audit.append({ actor: i === 3 ? 'slack:U2 (bob)' : 'slack:U1 (alice)', action, subject: 'run-1', data: { n: i + 1 } });
    }
  });
  afterEach(async () => {
    await store.close();
  });

  const hashOf = async (seq: number) =>
    (await store.db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirstOrThrow()).hash;

  /** A row forged by someone who knows the hashing scheme: it verifies on its own. */
  const forge = async (seq: number, prevHash: string) => {
    const fields = { seq, at: AT, actor: 'mallory', action: 'step.executed', subject: 'run-1', data: { forged: true }, prev_hash: prevHash };
    const hash = hashEvent(fields);
    await sql`insert into audit_events (seq, at, actor, action, subject, data, prev_hash, hash)
      values (${seq}, ${AT}, 'mallory', 'step.executed', 'run-1', '{"forged":true}', ${prevHash}, ${hash})`.execute(store.db);
  };

  it('reports an intact chain with its length', async () => {
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 5 });
  });

  it('names an edited row', async () => {
    await sql`update audit_events set actor = 'slack:U9 (mallory)' where seq = 3`.execute(store.db);
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: false, seq: 3, problem: 'edited' });
    expect(result.ok === false && result.message).toMatch(/^event 3 \(approval\.requested by slack:U9 \(mallory\).*no longer match its hash/);
  });

  it('names a row whose data was edited and whose hash was recomputed to hide it', async () => {
    const row = await store.db.selectFrom('audit_events').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const data = { n: 3, approvedBy: 'nobody' };
    const hash = hashEvent({ ...row, data });
    await sql`update audit_events set data = ${JSON.stringify(data)}, hash = ${hash} where seq = 3`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 3, problem: 'edited', message: expect.stringContaining('re-hashed') });
  });

  it('names a row whose data is no longer JSON', async () => {
    await sql`update audit_events set data = 'not json' where seq = 2`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 2, problem: 'edited' });
  });

  it('names a deleted row', async () => {
    await sql`delete from audit_events where seq = 3`.execute(store.db);
    const result = await verifyAuditChain(store.db);
    expect(result).toMatchObject({ ok: false, seq: 3, problem: 'deleted' });
    expect(result.ok === false && result.message).toMatch(/^event 3 is missing \(deleted\): event 4/);
  });

  it('names the first of several deleted rows', async () => {
    await sql`delete from audit_events where seq in (2, 3)`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 2, problem: 'deleted', message: expect.stringMatching(/^events 2\.\.3 are missing/) });
  });

  it('notices when the very first row is deleted', async () => {
    await sql`delete from audit_events where seq = 1`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 1, problem: 'deleted' });
  });

  it('names a row inserted at the end that forks off an older event', async () => {
    await forge(6, await hashOf(2));
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      seq: 6,
      problem: 'inserted',
      message: expect.stringContaining('claims to follow event 2'),
    });
  });

  it('names a row inserted before the first event', async () => {
    await forge(0, GENESIS_HASH);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 0, problem: 'inserted' });
  });

  it('names a row inserted with a seq that skips ahead', async () => {
    await forge(9, await hashOf(5));
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 9, problem: 'inserted' });
  });

  it('names a made-up row that neither verifies nor links', async () => {
    await sql`insert into audit_events (seq, at, actor, action, subject, data, prev_hash, hash)
      values (7, ${AT}, 'mallory', 'x', 'y', '{}', ${'a'.repeat(64)}, ${'b'.repeat(64)})`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 7, problem: 'inserted' });
  });

  it('reports the first problem when there are several', async () => {
    await sql`update audit_events set subject = 'run-2' where seq = 4`.execute(store.db);
    await sql`delete from audit_events where seq = 2`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 2, problem: 'deleted' });
  });

  it('walks chains longer than one page and names a bad row deep inside', async () => {
    await sql`delete from audit_events`.execute(store.db);
    const rows = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 1100; seq++) {
      const fields = { seq, at: AT, actor: 'system', action: 'tick', subject: `s${seq}`, data: { seq }, prev_hash: prev };
      const hash = hashEvent(fields);
      rows.push({ ...fields, data: JSON.stringify({ seq }), hash });
      prev = hash;
    }
    for (let i = 0; i < rows.length; i += 100) await store.db.insertInto('audit_events').values(rows.slice(i, i + 100)).execute();
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 1100 });

    await sql`update audit_events set subject = 'rewritten' where seq = 1050`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toMatchObject({ ok: false, seq: 1050, problem: 'edited' });
  });

  it('reports an empty log as intact with zero events', async () => {
    await sql`delete from audit_events`.execute(store.db);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 0 });
  });
});
