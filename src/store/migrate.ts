/**
 * Brings a database up to the latest schema. Safe to call on every start and from several
 * replicas at once: Kysely's Migrator records what ran and takes a lock (an advisory lock on
 * PostgreSQL, the single connection on SQLite).
 */
import { Migrator, type Kysely } from 'kysely';
import type { Logger } from 'pino';

import { OpsError } from '../core/errors.js';
import { migrationProvider } from './migrations/index.js';

export async function migrateToLatest(
  db: Kysely<any>,
  opts: { migrationSchema?: string; logger?: Logger; location: string },
): Promise<string[]> {
  // On PostgreSQL the migration bookkeeping tables must live in the same schema as the data
  // (current_schema()): otherwise Kysely finds another schema's kysely_migration table and
  // assumes this schema is already migrated.
  if (await upToDate(db, opts.migrationSchema)) return [];
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(opts.migrationSchema ? { migrationTableSchema: opts.migrationSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migrations failed';
    throw new OpsError('STORE_MIGRATION_FAILED', `${what} on ${opts.location}: ${(error as Error)?.message ?? 'unknown error'}`, {
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (applied.length > 0) opts.logger?.info({ store: opts.location, migrations: applied }, 'store migrated');
  return applied;
}

/**
 * Every migration already recorded? Then there is nothing to run, and the Migrator's schema
 * introspection and locking (the slowest part of a restart's store open) are skipped. Any doubt
 * (no table yet, a query error) answers false and the Migrator decides, as before.
 */
async function upToDate(db: Kysely<any>, schema?: string): Promise<boolean> {
  try {
    const rows = await (schema ? db.withSchema(schema) : db).selectFrom('kysely_migration').select('name').execute();
    const done = new Set(rows.map((r) => String(r.name)));
    return Object.keys(await migrationProvider.getMigrations()).every((name) => done.has(name));
  } catch {
    return false;
  }
}
