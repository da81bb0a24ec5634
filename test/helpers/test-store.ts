/**
 * Stores for tests: a SQLite file in a fresh temp dir, or a fresh randomly named PostgreSQL
 * schema (search_path set through the connection's `options`), so parallel test files never see
 * each other's rows.
 *
 * PostgreSQL is always there: test/setup/postgres.ts provides OPSBRIDGE_TEST_PG_URL's server or
 * starts a throwaway one. An unreachable server makes the tests fail, never skip.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import { inject } from 'vitest';

import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';

export interface TestStore extends Store {
  /** Opens a second, independent Store on the same data (same SQLite file / same PG schema). */
  reopen(): Promise<Store>;
}

export type StoreKindName = 'sqlite' | 'postgres';

export interface StoreKind {
  name: StoreKindName;
  /** A fresh, empty, migrated store; its close() also removes the temp dir / drops the schema. */
  open(): Promise<TestStore>;
}

/** A SQLite store in a new temp dir. close() only closes: the caller removes `dir`. */
export async function tempSqliteStore(): Promise<TestStore & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'opsbridge-store-'));
  const store = await openStore({ dataDir: dir });
  return { ...store, dir, reopen: () => openStore({ dataDir: dir }) };
}

/** The suite's PostgreSQL server (see test/setup/postgres.ts). */
export function testPgUrl(): string {
  return inject('pgUrl');
}

/** A PostgreSQL store in a new schema on the suite's server; close() drops the schema. */
export async function pgTestStore(): Promise<TestStore & { databaseUrl: string; schema: string }> {
  const baseUrl = testPgUrl();
  const schema = `opsbridge_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(baseUrl, `create schema "${schema}"`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const databaseUrl = url.toString();
  let store: Store;
  try {
    store = await openStore({ dataDir: tmpdir(), databaseUrl });
  } catch (err) {
    await adminQuery(baseUrl, `drop schema if exists "${schema}" cascade`).catch(() => undefined);
    throw err;
  }
  return {
    ...store,
    databaseUrl,
    schema,
    reopen: () => openStore({ dataDir: tmpdir(), databaseUrl }),
    async close() {
      await store.close();
      await adminQuery(baseUrl, `drop schema if exists "${schema}" cascade`);
    },
  };
}

/** Every store kind: SQLite and PostgreSQL. For describe.each. */
export function storeKinds(): StoreKind[] {
  const kinds: StoreKind[] = [
    {
      name: 'sqlite',
      async open() {
        const store = await tempSqliteStore();
        return {
          ...store,
          async close() {
            await store.close();
            await rm(store.dir, { recursive: true, force: true });
          },
        };
      },
    },
    { name: 'postgres', open: pgTestStore },
  ];
  return kinds;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`the test PostgreSQL server is unreachable: ${(err as Error).message}`, { cause: err });
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
