/** Real SQLite: every string written reaches the file masked; lookups still work; the audit chain stays intact. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { createAuditLog } from '../../src/core/audit/audit-log.js';
import { redactingAuditLog } from '../../src/core/audit/redacting-audit.js';
import { verifyAuditChain } from '../../src/core/audit/verify-audit.js';
import { systemClock } from '../../src/core/clock.js';
import { createRedactor } from '../../src/core/redact/redact.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';
import { forbiddenForms, printedForms } from '../helpers/secret-forms.js';

const SECRET = 'pg-ro/"pass+word';
let store: Store | undefined;
let dir: string;
afterEach(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('RedactWritesPlugin', () => {
  it('masks inserted and updated strings in the file, while WHERE still matches what the caller gave', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-redact-store-'));
    const redactor = createRedactor({ env: {}, extraValues: [SECRET] });
    store = await openStore({ dataDir: dir, redactor });
    const db = store.db;
    const owner = `owner with ${printedForms(SECRET).join(' ')}`;
    await db.insertInto('locks').values({ name: 'rollback:production', owner, acquired_at: '2029-01-01T00:00:00.000Z', expires_at: '2030-01-01T00:00:00.000Z' }).execute();
    const row = await db.selectFrom('locks').selectAll().where('name', '=', 'rollback:production').executeTakeFirstOrThrow();
    expect(row.owner).toContain('owner with [REDACTED]');
    await db.updateTable('locks').set({ owner: `updated ${SECRET}` }).where('name', '=', 'rollback:production').execute();
    expect((await db.selectFrom('locks').select('owner').executeTakeFirstOrThrow()).owner).toBe('updated [REDACTED]');

    const audit = redactingAuditLog(createAuditLog(db, systemClock), redactor);
    await audit.append({ actor: 'alice', action: 'command', subject: '/health', data: { args: SECRET, note: 'password=hunter2222' } });
    expect((await verifyAuditChain(db)).ok).toBe(true);

    await store.close();
    store = undefined;
    const files = (await readdir(dir)).filter((f) => f.startsWith('opsbridge.sqlite'));
    const bytes = Buffer.concat(await Promise.all(files.map((f) => readFile(path.join(dir, f))))).toString('latin1');
    expect(bytes).toContain('updated [REDACTED]');
    for (const form of [...forbiddenForms(SECRET), 'hunter2222']) expect(bytes.includes(form), form).toBe(false);
  });
});

describe('RedactWritesPlugin on PostgreSQL', () => {
  it('masks inserts, updates and upserts; the plain store reads back the masked rows', async () => {
    const { pgTestStore } = await import('../helpers/test-store.js');
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-redact-pg-'));
    const plain = await pgTestStore();
    const redacting = await openStore({ dataDir: dir, databaseUrl: plain.databaseUrl, redactor: createRedactor({ env: {}, extraValues: [SECRET] }) });
    try {
      const lock = { name: 'rollback:staging', owner: `first ${SECRET}`, acquired_at: '2029-01-01T00:00:00.000Z', expires_at: '2030-01-01T00:00:00.000Z' };
      await redacting.db.insertInto('locks').values(lock).execute();
      await redacting.db
        .insertInto('locks')
        .values({ ...lock, owner: 'ignored' })
        .onConflict((oc) => oc.column('name').doUpdateSet({ owner: `upserted ${Buffer.from(SECRET).toString('base64')}` }))
        .execute();
      const row = await plain.db.selectFrom('locks').select('owner').where('name', '=', 'rollback:staging').executeTakeFirstOrThrow();
      expect(row.owner).toBe('upserted [REDACTED]');
    } finally {
      await redacting.close();
      await plain.close();
    }
  });
});
