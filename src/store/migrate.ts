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
