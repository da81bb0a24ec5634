/** Opening a store: the SQLite file's settings, and errors a user can act on. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isOpsError } from '../../src/core/errors.js';
import { openStore } from '../../src/store/open-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsbridge-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openStore with SQLite', () => {
  it('creates the data directory and opsbridge.sqlite in WAL mode with foreign keys and a busy timeout', async () => {
    const dataDir = join(dir, 'nested', '.opsbridge');
    const store = await openStore({ dataDir });
    try {
      expect(store.dialect).toBe('sqlite');
      expect(store.location).toBe(join(dataDir, 'opsbridge.sqlite'));
      expect((await stat(store.location)).isFile()).toBe(true);
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    } finally {
      await store.close();
    }
  });

  it('uses SQLite for anything that is not a postgres:// URL', async () => {
    const store = await openStore({ dataDir: dir, databaseUrl: '' });
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });

  it('fails with STORE_UNAVAILABLE naming the path when the data directory is a file', async () => {
    const file = join(dir, 'not-a-dir');
    await writeFile(file, 'x');
    const err = await openStore({ dataDir: file }).catch((e: unknown) => e);
    expect(isOpsError(err, 'STORE_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain(file);
  });
});

describe('openStore with PostgreSQL', () => {
  it('fails with STORE_UNAVAILABLE naming the host, never the password, when the server is unreachable', async () => {
    const err = await openStore({ dataDir: dir, databaseUrl: 'postgres://ops:hunter2-secret@127.0.0.1:1/opsbridge' }).catch((e: unknown) => e);
    expect(isOpsError(err, 'STORE_UNAVAILABLE')).toBe(true);
    const message = (err as Error).message;
    expect(message).toContain('127.0.0.1:1');
    expect(message).toContain('postgres://ops@127.0.0.1:1/opsbridge');
    expect(message).not.toContain('hunter2');
  });

  it('accepts postgresql:// as well', async () => {
    const err = await openStore({ dataDir: dir, databaseUrl: 'postgresql://ops:pw@127.0.0.1:1/x' }).catch((e: unknown) => e);
    expect(isOpsError(err, 'STORE_UNAVAILABLE')).toBe(true);
  });
});
