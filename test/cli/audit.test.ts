/**
 * `opsbridge audit verify` as a user runs it: a real child process (`node bin/opsbridge.js`)
 * reading the store named by OPSBRIDGE_DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createAuditLog } from '../../src/core/audit/audit-log.js';
import { ManualClock } from '../../src/core/clock.js';
import { storeKinds, testPgUrl, type TestStore } from '../helpers/test-store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Each child starts tsx cold; on a loaded two-core machine that alone can take several seconds.
const SLOW = { timeout: 90_000 };

describe.each(storeKinds())('opsbridge audit verify on $name', SLOW, (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
    const audit = createAuditLog(store.db, new ManualClock());
    for (const action of ['command.invoked', 'approval.vote', 'step.executed']) {
      await audit.append({ actor: 'console:alice', action, subject: 'run-1' });
    }
  });
  afterEach(async () => {
    await store.close();
  });

  const verify = (...args: string[]) => {
    const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: '', OPSBRIDGE_DATA_DIR: '' };
    if (kind.name === 'sqlite') env.OPSBRIDGE_DATA_DIR = dirname(store.location);
    else env.DATABASE_URL = (store as TestStore & { databaseUrl: string }).databaseUrl;
    return execa('node', ['bin/opsbridge.js', 'audit', 'verify', ...args], { cwd: ROOT, env, extendEnv: false, reject: false });
  };

  it('says the chain is intact and exits 0', async () => {
    const result = await verify();
    expect(result.stdout).toContain('audit chain intact: 3 events');
    expect(result.exitCode).toBe(0);
  });

  it('--json reports ok, the event count and the head {seq, hash}', async () => {
    const head = await store.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const result = await verify('--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, events: 3, head: { seq: 3, hash: head.hash } });
    expect(result.exitCode).toBe(0);
  });

  it('names the edited row and exits 1, in text and as JSON', async () => {
    await sql`update audit_events set actor = 'console:mallory' where seq = 2`.execute(store.db);
    const text = await verify();
    expect(text.stdout).toMatch(/audit chain BROKEN at event 2 \(edited\): event 2 \(approval\.vote by console:mallory/);
    expect(text.exitCode).toBe(1);

    const json = await verify('--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, seq: 2, problem: 'edited', store: store.location });
    expect(json.exitCode).toBe(1);
  });
});

describe('opsbridge audit (usage)', SLOW, () => {
  it('rejects an unknown subcommand with usage and exit 2', async () => {
    const result = await execa('node', ['bin/opsbridge.js', 'audit', 'frobnicate'], { cwd: ROOT, reject: false });
    expect(result.stderr).toContain('usage: opsbridge audit verify');
    expect(result.exitCode).toBe(2);
  });
});

describe('opsbridge audit verify where there is no store', SLOW, () => {
  it('says so for an empty data dir, exits 2 and creates nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsbridge-audit-empty-'));
    try {
      const result = await execa('node', ['bin/opsbridge.js', 'audit', 'verify'], { cwd: ROOT, env: { PATH: process.env.PATH, OPSBRIDGE_DATA_DIR: join(dir, 'data') }, extendEnv: false, reject: false });
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim()).toBe(`opsbridge audit verify: no opsbridge store at ${join(dir, 'data', 'opsbridge.sqlite')}: set OPSBRIDGE_DATA_DIR to the bot's data directory, or DATABASE_URL to its PostgreSQL`);
      expect(result.stdout).not.toContain('intact');
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says so for a PostgreSQL schema without the bot\'s tables, and creates none', async () => {
    const base = testPgUrl();
    const schema = `opsbridge_empty_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`create schema "${schema}"`);
      const url = new URL(base);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const result = await execa('node', ['bin/opsbridge.js', 'audit', 'verify'], { cwd: ROOT, env: { PATH: process.env.PATH, DATABASE_URL: url.toString() }, extendEnv: false, reject: false });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`no opsbridge store in schema ${schema}`);
      const tables = await admin.query(`select table_name from information_schema.tables where table_schema = $1`, [schema]);
      expect(tables.rows).toEqual([]);
    } finally {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  });
});
