/**
 * openStore: the one place that picks a database. `DATABASE_URL=postgres://...` means
 * PostgreSQL shared by replicas; anything else means a SQLite file in the data directory,
 * so the whole product runs on a laptop with no server. Migrations run on open.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type KyselyPlugin } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';

import { OpsError, errorMessage } from '../core/errors.js';
import type { Redactor } from '../core/redact/types.js';
import { migrateToLatest } from './migrate.js';
import { isPostgresUrl, postgresLocation } from './postgres-location.js';
import { RedactWritesPlugin } from './redact-writes-plugin.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  dataDir: string;
  databaseUrl?: string;
  logger?: Logger;
  /**
   * Tools that only read (`audit verify`): a missing store is an error (code STORE_MISSING)
   * instead of a new, empty one.
   */
  mustExist?: boolean;
  /** every string written passes it (redact-writes-plugin.ts); tools that only read may omit it */
  redactor?: Redactor;
}

export const SQLITE_FILE_NAME = 'opsbridge.sqlite';

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const plugins = opts.redactor ? [new RedactWritesPlugin(opts.redactor)] : [];
  return isPostgresUrl(opts.databaseUrl)
    ? openPostgres(opts.databaseUrl, plugins, opts.logger, opts.mustExist)
    : openSqlite(opts.dataDir, plugins, opts.logger, opts.mustExist);
}

// Each driver is loaded only when its dialect is used: a SQLite bot never loads pg, and the
// reverse, which keeps start-up and resident memory down.
async function openSqlite(dataDir: string, plugins: KyselyPlugin[], logger?: Logger, mustExist = false): Promise<Store> {
  const file = join(resolve(dataDir), SQLITE_FILE_NAME);
  if (mustExist && !existsSync(file)) {
    throw new OpsError('STORE_MISSING', `no opsbridge store at ${file}: set OPSBRIDGE_DATA_DIR to the bot's data directory, or DATABASE_URL to its PostgreSQL`);
  }
  const { default: Sqlite } = await import('better-sqlite3');
  let raw: SqliteDatabase.Database;
  try {
    mkdirSync(resolve(dataDir), { recursive: true });
    raw = new Sqlite(file);
    // WAL: readers never block the writer; busy_timeout: a second process (`opsbridge audit
    // verify` next to a running bot) waits for a lock instead of failing at once.
    raw.pragma('journal_mode = WAL');
    raw.pragma('busy_timeout = 5000');
    raw.pragma('foreign_keys = ON');
  } catch (err) {
    throw new OpsError('STORE_UNAVAILABLE', `cannot open SQLite database ${file}: ${errorMessage(err)} (check OPSBRIDGE_DATA_DIR)`, {
      cause: err,
    });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }), plugins });
  try {
    await migrateWithRetry(db, { location: file, ...(logger ? { logger } : {}) });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return makeStore(db, 'sqlite', file);
}

/** pg parses int8 (counts, bigint columns) as strings by default; every value we keep fits a double. */
function pgTypes(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === driver.types.builtins.INT8 ? (v: string) => Number(v) : driver.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

async function openPostgres(databaseUrl: string, plugins: KyselyPlugin[], logger?: Logger, mustExist = false): Promise<Store> {
  const { location, host } = postgresLocation(databaseUrl);
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({ connectionString: databaseUrl, types: pgTypes(driver), max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection (server restart) must not crash the bot: the pool
  // drops it and the next query reconnects.
  pool.on('error', (err) => logger?.warn({ store: location, err: errorMessage(err) }, 'PostgreSQL connection lost'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins });
  let schema: string | undefined;
  try {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    schema = rows[0]?.schema ?? undefined;
  } catch (err) {
    await db.destroy().catch(() => undefined);
    // Name the host, never the URL: the URL may hold the password.
    throw new OpsError('STORE_UNAVAILABLE', `cannot reach PostgreSQL at ${host} (${location}): ${errorMessage(err)}`, { cause: err });
  }
  if (!schema) {
    await db.destroy().catch(() => undefined);
    throw new OpsError('STORE_UNAVAILABLE', `PostgreSQL at ${host} has no usable schema on the search_path (${location})`);
  }
  if (mustExist) {
    const { rows } = await sql<{ found: string | null }>`select to_regclass('audit_events') as found`.execute(db);
    if (!rows[0]?.found) {
      await db.destroy().catch(() => undefined);
      throw new OpsError('STORE_MISSING', `no opsbridge store in schema ${schema} at ${host} (${location}): check DATABASE_URL (and its search_path)`);
    }
  }
  try {
    await migrateWithRetry(db, { location, migrationSchema: schema, ...(logger ? { logger } : {}) });
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw err;
  }
  return makeStore(db, 'postgres', location);
}

/**
 * Two processes opening a fresh SQLite file at once can collide on the first DDL (SQLITE_BUSY
 * on lock upgrade); the loser simply tries again and finds the schema migrated.
 */
async function migrateWithRetry(db: Kysely<Database>, opts: Parameters<typeof migrateToLatest>[1]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db as Kysely<any>, opts);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      opts.logger?.warn({ store: opts.location, attempt, err: errorMessage(err) }, 'store migration failed, retrying');
    }
  }
}

function makeStore(db: Kysely<Database>, dialect: Store['dialect'], location: string): Store {
  let closed = false;
  return {
    db,
    dialect,
    location,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
