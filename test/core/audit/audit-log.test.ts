/** Appending to the hash-chained audit log, alone and with a second replica racing. */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAuditLog } from '../../../src/core/audit/audit-log.js';
import { verifyAuditChain } from '../../../src/core/audit/verify-audit.js';
import { ManualClock } from '../../../src/core/clock.js';
import { isOpsError } from '../../../src/core/errors.js';
import { storeKinds, type TestStore } from '../../helpers/test-store.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./fixtures/append-events.ts', import.meta.url));

describe.each(storeKinds())('audit log on $name', (kind) => {
  let store: TestStore;
  let clock: ManualClock;
  beforeEach(async () => {
    store = await kind.open();
    clock = new ManualClock(Date.UTC(2026, 2, 1, 9, 30));
  });
  afterEach(async () => {
    await store.close();
  });

  it('chains each event to the one before, starting from 64 zeros', async () => {
    const audit = createAuditLog(store.db, clock);
    const first = await audit.append({ actor: 'slack:U1 (alice)', action: 'command.invoked', subject: 'run-1', data: { command: '/incident db' } });
    await clock.advance(1500);
    const second = await audit.append({ actor: 'slack:U2 (bob)', action: 'approval.vote', subject: 'appr-1', data: { vote: 'approve' } });
    const third = await audit.append({ actor: 'system', action: 'step.executed', subject: 'run-1:3' });

    expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
    expect(first.prevHash).toBe('0'.repeat(64));
    expect(second.prevHash).toBe(first.hash);
    expect(third.prevHash).toBe(second.hash);
    expect(first.at).toBe('2026-03-01T09:30:00.000Z');
    expect(second.at).toBe('2026-03-01T09:30:01.500Z');
    expect(third.data).toEqual({});

    const rows = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => [r.seq, r.actor, r.action, r.subject, r.hash])).toEqual([
      [1, 'slack:U1 (alice)', 'command.invoked', 'run-1', first.hash],
      [2, 'slack:U2 (bob)', 'approval.vote', 'appr-1', second.hash],
      [3, 'system', 'step.executed', 'run-1:3', third.hash],
    ]);
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 3 });
  });

  it('hashes sha256 over canonical JSON with sorted keys, so key order in data does not matter', async () => {
    const audit = createAuditLog(store.db, clock);
    const event = await audit.append({ actor: 'cli:root', action: 'stripe.replay', subject: 'we_1', data: { z: 1, a: { y: [2, 1], b: null } } });
    const canonical =
      '{"action":"stripe.replay","actor":"cli:root","at":"2026-03-01T09:30:00.000Z","data":{"a":{"b":null,"y":[2,1]},"z":1},' +
      `"prev_hash":"${'0'.repeat(64)}","seq":1,"subject":"we_1"}`;
    expect(event.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
    const row = await store.db.selectFrom('audit_events').select('data').executeTakeFirstOrThrow();
    expect(row.data).toBe('{"a":{"b":null,"y":[2,1]},"z":1}');
  });

  it('stores what JSON can hold: undefined fields dropped, dates as ISO text', async () => {
    const audit = createAuditLog(store.db, clock);
    const event = await audit.append({ actor: 'system', action: 'x', subject: 's', data: { when: new Date(Date.UTC(2026, 0, 2)), gone: undefined } });
    expect(event.data).toEqual({ when: '2026-01-02T00:00:00.000Z' });
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 1 });
  });

  it('keeps one linear chain when 30 appends are fired at once', async () => {
    const audit = createAuditLog(store.db, clock);
    const events = await Promise.all(Array.from({ length: 30 }, (_, i) => audit.append({ actor: 'system', action: 'burst', subject: `e${i}` })));
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 30 });
  });

  it('keeps one linear chain when two replicas append concurrently to the same database', async () => {
    const other = await store.reopen();
    try {
      const a = createAuditLog(store.db, clock);
      const b = createAuditLog(other.db, clock);
      const N = 20;
      await Promise.all([
        ...Array.from({ length: N }, (_, i) => a.append({ actor: 'replica-a', action: 'tick', subject: `a${i}` })),
        ...Array.from({ length: N }, (_, i) => b.append({ actor: 'replica-b', action: 'tick', subject: `b${i}` })),
      ]);
      expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 2 * N });
      const rows = await store.db.selectFrom('audit_events').select(['seq', 'subject']).orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
      expect(new Set(rows.map((r) => r.subject)).size).toBe(2 * N); // nothing lost, nothing doubled
    } finally {
      await other.close();
    }
  });

  it('keeps one linear chain when two separate processes append at the same time', { timeout: 90_000 }, async () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    if (kind.name === 'sqlite') env.OPSBRIDGE_DATA_DIR = dirname(store.location);
    else env.DATABASE_URL = (store as TestStore & { databaseUrl: string }).databaseUrl;
    const N = 60;
    const workers = ['proc-a', 'proc-b'].map((actor) =>
      execa('node', ['--import', 'tsx', WORKER, String(N), actor], { cwd: ROOT, env, extendEnv: false, stdin: 'pipe' }),
    );
    // Start both only once both are connected, so their appends really overlap.
    await Promise.all(
      workers.map(
        (w) => new Promise<void>((resolve) => w.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve())),
      ),
    );
    for (const w of workers) w.stdin.write('go\n');
    const results = await Promise.all(workers);
    expect(results.map((r) => r.stdout.trim().split('\n').at(-1))).toEqual(['done', 'done']);

    expect(await verifyAuditChain(store.db)).toEqual({ ok: true, count: 2 * N });
    const byActor = await store.db.selectFrom('audit_events').select('actor').execute();
    expect(byActor.filter((r) => r.actor === 'proc-a')).toHaveLength(N);
    expect(byActor.filter((r) => r.actor === 'proc-b')).toHaveLength(N);
  });

  it('fails with AUDIT_WRITE_FAILED, not a silent drop, when the store is gone', async () => {
    const other = await store.reopen();
    await other.close();
    const err = await createAuditLog(other.db, clock)
      .append({ actor: 'system', action: 'x', subject: 's' })
      .catch((e: unknown) => e);
    expect(isOpsError(err, 'AUDIT_WRITE_FAILED')).toBe(true);
    expect((err as Error).message).toContain('cannot write audit event x');
  });
});
