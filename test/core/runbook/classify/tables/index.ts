/** Every table of the classifier, by class of attack (and the real diagnostics that must stay safe). */
import { clis } from './clis.js';
import { credentials } from './credentials.js';
import { curl } from './curl.js';
import { diagnostics } from './diagnostics.js';
import { envWrappers } from './env-wrappers.js';
import { git } from './git.js';
import { redis } from './redis.js';
import type { Row } from './row.js';
import { shell } from './shell.js';
import { sql } from './sql.js';
import { textTools } from './text-tools.js';
import { textTricks } from './text-tricks.js';

export type { Row } from './row.js';

export const TABLES: Record<string, Row[]> = {
  'git options and configuration': git,
  'curl schemes, bodies, uploads and output': curl,
  'SQL and meta-commands (psql, sqlite3, d1)': sql,
  'redis-cli modes and commands': redis,
  'CLIs with subcommands (value options, gated subcommands, secrets)': clis,
  'text tools that execute or write': textTools,
  'shell semantics': shell,
  'environment prefixes and wrappers': envWrappers,
  'credential reads and run-time paths': credentials,
  'text tricks': textTricks,
  'real read-only diagnostics': diagnostics,
};

export const ALL_ROWS: Row[] = Object.values(TABLES).flat();
