/**
 * The store suite, run against every store kind: SQLite and PostgreSQL (the machine's server
 * from OPSBRIDGE_TEST_PG_URL, or a throwaway one started for the suite; never skipped).
 */
import { rm } from 'node:fs/promises';

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isUniqueViolation } from '../../src/store/is-unique-violation.js';
import { openStore } from '../../src/store/open-store.js';
import type { Database } from '../../src/store/schema.js';
import { storeKinds, tempSqliteStore, type TestStore } from '../helpers/test-store.js';
import { AT, approvalRow, runRow } from './fixtures.js';

type TableName = keyof Database;

/** For each table: its key, a full row, one column to change, and parent rows to insert first. */
interface TableCase {
  table: TableName;
  key: Record<string, string | number>;
  row: Record<string, unknown>;
  change: Record<string, unknown>;
  parents?: (store: TestStore) => Promise<void>;
}

const insertRun = async (store: TestStore) => {
  await store.db.insertInto('runs').values(runRow()).execute();
};
const insertApproval = async (store: TestStore) => {
  await insertRun(store);
  await store.db.insertInto('approvals').values(approvalRow()).execute();
};

const TABLES: TableCase[] = [
  { table: 'runs', key: { id: 'run-1' }, row: runRow(), change: { status: 'done', updated_at: '2026-01-01T00:05:00.000Z' } },
  {
    table: 'steps',
    key: { id: 'run-1:2' },
    parents: insertRun,
    row: {
      id: 'run-1:2', run_id: 'run-1', n: 2, line: 14, section: 'Diagnosis', safety: 'safe', status: 'done', exit_code: 0,
      signal: null, duration_ms: 1234, output: 'ok\n✓ ünïcode', truncated: 1, started_at: AT, finished_at: AT,
    },
    change: { status: 'interrupted', exit_code: null },
  },
  { table: 'approvals', key: { id: 'appr-1' }, parents: insertRun, row: approvalRow(), change: { state: 'rejected', decided_at: AT } },
  {
    table: 'votes',
    key: { approval_id: 'appr-1', voter_id: 'bob' },
    parents: insertApproval,
    row: { approval_id: 'appr-1', voter_id: 'bob', voter_name: 'Bob', vote: 'approve', created_at: AT },
    change: { vote: 'reject' },
  },
  {
    table: 'audit_events',
    key: { seq: 1 },
    row: { seq: 1, at: AT, actor: 'cli:root', action: 'command.invoked', subject: 'run-1', data: '{"a":1}', prev_hash: '0'.repeat(64), hash: 'f'.repeat(64) },
    change: { subject: 'run-2' },
  },
  { table: 'locks', key: { name: 'rollback:production' }, row: { name: 'rollback:production', owner: 'r1', acquired_at: AT, expires_at: AT }, change: { owner: 'r2' } },
  {
    table: 'stripe_replays',
    key: { destination: 'we_123', event_id: 'evt_1' },
    row: {
      destination: 'we_123', event_id: 'evt_1', event_type: 'invoice.paid', event_created: 4_102_444_800, // 2100: past int4
      status: 'failed', attempts: 2, last_error: 'HTTP 500', updated_at: AT,
    },
    change: { status: 'delivered', attempts: 3, last_error: null },
  },
  {
    table: 'status_components',
    key: { id: 'api' },
    row: { id: 'api', name: 'API', status: 'operational', position: 1, updated_at: AT },
    change: { status: 'major_outage' },
  },
  {
    table: 'status_incidents',
    key: { id: 'inc-1' },
    row: { id: 'inc-1', name: 'Database down', status: 'investigating', impact: 'major', components: '["api"]', created_at: AT, updated_at: AT, resolved_at: null },
    change: { status: 'resolved', resolved_at: AT },
  },
  {
    table: 'status_updates',
    key: { id: 'upd-1' },
    parents: async (store) => {
      await store.db
        .insertInto('status_incidents')
        .values({ id: 'inc-1', name: 'x', status: 'investigating', impact: 'minor', components: '[]', created_at: AT, updated_at: AT })
        .execute();
    },
    row: { id: 'upd-1', incident_id: 'inc-1', component_id: 'api', status: 'investigating', body: 'We are looking into it.', created_at: AT, sync: '{"statuspage":"pending"}' },
    change: { sync: '{"statuspage":"synced"}' },
  },
];

describe.each(storeKinds())('store on $name', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports its dialect and answers ping', async () => {
    expect(store.dialect).toBe(kind.name);
    expect(await store.ping()).toBe(true);
  });

  it('runs migrations once: reopening the same database applies nothing and keeps the data', async () => {
    await store.db.insertInto('runs').values(runRow()).execute();
    const again = await store.reopen();
    try {
      const applied = await again.db.selectFrom('kysely_migration' as never).select(sql<string>`name`.as('name')).execute();
      expect(applied.map((r) => (r as { name: string }).name).sort()).toEqual(['001-core', '002-stripe', '003-status', '004-approvals-identity', '005-incidents', '006-alerts', '007-alert-runs']);
      expect(await again.db.selectFrom('runs').select('id').execute()).toEqual([{ id: 'run-1' }]);
    } finally {
      await again.close();
    }
  });

  it.each(TABLES)('$table: insert, read back every column, update, delete', async ({ table, key, row, change, parents }) => {
    await parents?.(store);
    const db = store.db as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>;
    const byKey = <Q extends { where: (c: string, op: '=', v: unknown) => Q }>(q: Q): Q =>
      Object.entries(key).reduce((acc, [c, v]) => acc.where(c, '=', v), q);

    await db.insertInto(table).values(row).execute();
    expect(await byKey(db.selectFrom(table).selectAll()).executeTakeFirst()).toEqual(row);

    const updated = await byKey(db.updateTable(table).set(change)).executeTakeFirst();
    expect(Number(updated.numUpdatedRows)).toBe(1);
    expect(await byKey(db.selectFrom(table).selectAll()).executeTakeFirst()).toEqual({ ...row, ...change });

    await byKey(db.deleteFrom(table)).execute();
    expect(await db.selectFrom(table).selectAll().execute()).toEqual([]);
  });

  it('fills column defaults (step truncated flag, incident components, update sync state)', async () => {
    await insertRun(store);
    await store.db
      .insertInto('steps')
      .values({ id: 'run-1:1', run_id: 'run-1', n: 1, line: 3, section: 'Diagnosis', safety: 'safe', status: 'pending' } as never)
      .execute();
    const step = await store.db.selectFrom('steps').selectAll().executeTakeFirstOrThrow();
    expect(step).toMatchObject({ truncated: 0, exit_code: null, output: null });

    await store.db
      .insertInto('status_incidents')
      .values({ id: 'inc-1', name: 'API errors', status: 'investigating', impact: 'minor', created_at: AT, updated_at: AT } as never)
      .execute();
    await store.db
      .insertInto('status_updates')
      .values({ id: 'upd-1', incident_id: 'inc-1', status: 'investigating', body: 'Looking into it', created_at: AT } as never)
      .execute();
    expect(await store.db.selectFrom('status_incidents').select(['components', 'resolved_at']).executeTakeFirst()).toEqual({ components: '[]', resolved_at: null });
    expect(await store.db.selectFrom('status_updates').select(['sync', 'component_id']).executeTakeFirst()).toEqual({ sync: '{}', component_id: null });
  });

  it('lets exactly one of 50 concurrent callers move an approval from approved to executing', async () => {
    await insertApproval(store);
    const other = await store.reopen(); // a second replica on the same database
    try {
      const attempts = Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? store : other).db
          .updateTable('approvals')
          .set({ state: 'executing', executor: `replica-${i}` })
          .where('id', '=', 'appr-1')
          .where('state', '=', 'approved')
          .executeTakeFirst(),
      );
      const results = await Promise.all(attempts);
      const winners = results.flatMap((r, i) => (Number(r.numUpdatedRows) === 1 ? [i] : []));
      expect(winners).toHaveLength(1);
      const approval = await store.db.selectFrom('approvals').select(['state', 'executor']).executeTakeFirstOrThrow();
      expect(approval).toEqual({ state: 'executing', executor: `replica-${winners[0]}` });
    } finally {
      await other.close();
    }
  });

  it('rejects a second vote by the same person on the same approval (primary key)', async () => {
    await insertApproval(store);
    const vote = { approval_id: 'appr-1', voter_id: 'bob', voter_name: 'Bob', vote: 'approve', created_at: AT };
    await store.db.insertInto('votes').values(vote).execute();
    const err = await store.db.insertInto('votes').values({ ...vote, vote: 'reject' }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    await store.db.insertInto('votes').values({ ...vote, voter_id: 'carol', voter_name: 'Carol' }).execute();
    const votes = await store.db.selectFrom('votes').select(['voter_id', 'vote']).orderBy('voter_id').execute();
    expect(votes).toEqual([
      { voter_id: 'bob', vote: 'approve' },
      { voter_id: 'carol', vote: 'approve' },
    ]);
  });

  it('enforces foreign keys: no step without its run, votes go with their approval', async () => {
    const orphan = store.db
      .insertInto('steps')
      .values({ id: 'nope:1', run_id: 'nope', n: 1, line: 1, section: 'Recovery', safety: 'approve', status: 'pending', truncated: 0 })
      .execute();
    await expect(orphan).rejects.toThrow(/foreign key/i);

    await insertApproval(store);
    await store.db.insertInto('votes').values({ approval_id: 'appr-1', voter_id: 'bob', voter_name: 'Bob', vote: 'approve', created_at: AT }).execute();
    await store.db.deleteFrom('approvals').where('id', '=', 'appr-1').execute();
    expect(await store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
  });

  it('finds approvals by message id and by state', async () => {
    await insertRun(store);
    await store.db.insertInto('approvals').values([approvalRow('a1'), { ...approvalRow('a2'), state: 'pending' }, { ...approvalRow('a3'), state: 'pending' }]).execute();
    expect(await store.db.selectFrom('approvals').select('id').where('message_id', '=', 'msg-a2').execute()).toEqual([{ id: 'a2' }]);
    const pending = await store.db.selectFrom('approvals').select('id').where('state', '=', 'pending').orderBy('id').execute();
    expect(pending.map((r) => r.id)).toEqual(['a2', 'a3']);
  });

  it('rejects two status components with the same name', async () => {
    const c = { id: 'api', name: 'API', status: 'operational', position: 0, updated_at: AT };
    await store.db.insertInto('status_components').values(c).execute();
    const err = await store.db.insertInto('status_components').values({ ...c, id: 'api-2' }).execute().catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('answers ping with false once closed', async () => {
    const other = await store.reopen();
    await other.close();
    expect(await other.ping()).toBe(false);
  });
});

describe('SQLite store file', () => {
  it('keeps every row across close and reopen of the same data directory', async () => {
    const store = await tempSqliteStore();
    try {
      await store.db.insertInto('runs').values(runRow()).execute();
      await store.db.insertInto('approvals').values(approvalRow()).execute();
      await store.close();

      const reopened = await openStore({ dataDir: store.dir });
      expect(reopened.location).toBe(store.location);
      expect(await reopened.db.selectFrom('runs').select('id').execute()).toEqual([{ id: 'run-1' }]);
      expect(await reopened.db.selectFrom('approvals').select(['id', 'state']).execute()).toEqual([{ id: 'appr-1', state: 'approved' }]);
      await reopened.close();
    } finally {
      await rm(store.dir, { recursive: true, force: true });
    }
  });
});
