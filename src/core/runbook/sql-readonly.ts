/**
 * Is a piece of SQL read-only? Answered by real parsers, not regexes:
 * - PostgreSQL: libpg-query (PostgreSQL's own parser as wasm). Every statement must be a read and
 *   nothing anywhere in the tree may write (a DELETE wrapped in a CTE, EXPLAIN ANALYZE DELETE) or call
 *   a function known for side effects (no parser can see inside functions, hence the list).
 * - SQLite / D1: SQLite's own answer, `sqlite3_stmt_readonly` via better-sqlite3's `statement.readonly`,
 *   on an in-memory database with stub tables created for the names the SQL uses.
 */
import Database from 'better-sqlite3';
import type * as PgQuery from 'libpg-query';
import { approve, q, safe, type Verdict } from './rules/types.js';

/**
 * PostgreSQL's parser is wasm: ~20 MB of memory and 30–150 ms to load, so it loads only when a
 * runbook has SQL to prove (load-runbooks.ts calls loadPgParser and classifies again) and not at
 * all when every runbook comes from the runbook cache (runbook-cache.ts). classifyBlock stays synchronous:
 * before the load, SQL is "not proven" (approve), never "safe", and the miss is counted so that
 * such a verdict is neither kept in the cache nor served once the parser is there.
 */
let pg: typeof PgQuery | undefined;
let misses = 0;

export async function loadPgParser(): Promise<void> {
  if (pg) return;
  const mod = await import('libpg-query');
  await mod.loadModule();
  pg = mod;
}

/** How many times SQL was classified without the parser (a counter, so callers can diff it). */
export function pgParserMisses(): number {
  return misses;
}

/**
 * Functions known to only read. Anything else (a user-defined function can write, and built-ins
 * such as pg_read_file, lo_export, dblink, set_config, nextval, pg_terminate_backend or
 * pg_logical_slot_get_changes read files, write or consume) needs approval.
 */
const READ_FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'stddev', 'variance', 'percentile_cont', 'percentile_disc', 'mode',
  'row_number', 'rank', 'dense_rank', 'lag', 'lead', 'first_value', 'last_value', 'ntile', 'now', 'current_timestamp', 'clock_timestamp', 'statement_timestamp', 'transaction_timestamp', 'timeofday',
  'age', 'extract', 'date_part', 'date_trunc', 'date_bin', 'to_char', 'to_timestamp', 'to_date', 'to_number', 'make_interval', 'make_date', 'justify_interval', 'isfinite',
  'coalesce', 'nullif', 'greatest', 'least', 'left', 'right', 'substring', 'substr', 'length', 'char_length', 'octet_length', 'lower', 'upper', 'initcap', 'trim', 'btrim', 'ltrim', 'rtrim', 'replace', 'split_part',
  'position', 'strpos', 'concat', 'concat_ws', 'format', 'lpad', 'rpad', 'repeat', 'reverse', 'md5', 'encode', 'decode', 'regexp_replace', 'regexp_match', 'regexp_matches', 'regexp_split_to_array', 'starts_with',
  'round', 'trunc', 'floor', 'ceil', 'ceiling', 'abs', 'mod', 'power', 'sqrt', 'ln', 'log', 'exp', 'sign', 'random', 'width_bucket', 'generate_series', 'unnest', 'array_length', 'cardinality', 'array_to_string', 'string_to_array',
  'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'to_json', 'to_jsonb', 'row_to_json', 'jsonb_pretty', 'json_array_length', 'jsonb_array_length', 'jsonb_each', 'json_each', 'jsonb_object_keys', 'json_object_keys', 'jsonb_extract_path_text', 'json_extract_path_text', 'jsonb_typeof',
  'pg_size_pretty', 'pg_size_bytes', 'pg_database_size', 'pg_relation_size', 'pg_total_relation_size', 'pg_table_size', 'pg_indexes_size', 'pg_column_size', 'pg_tablespace_size',
  'pg_backend_pid', 'pg_blocking_pids', 'pg_safe_snapshot_blocking_pids', 'pg_is_in_recovery', 'pg_is_wal_replay_paused', 'pg_last_xact_replay_timestamp', 'pg_last_wal_receive_lsn', 'pg_last_wal_replay_lsn',
  'pg_current_wal_lsn', 'pg_current_wal_insert_lsn', 'pg_current_wal_flush_lsn', 'pg_wal_lsn_diff', 'pg_walfile_name', 'pg_postmaster_start_time', 'pg_conf_load_time', 'pg_uptime',
  'current_setting', 'current_database', 'current_schema', 'current_schemas', 'current_user', 'session_user', 'user', 'version', 'inet_server_addr', 'inet_server_port', 'inet_client_addr', 'inet_client_port',
  'pg_get_indexdef', 'pg_get_viewdef', 'pg_get_constraintdef', 'pg_get_functiondef', 'pg_get_triggerdef', 'pg_get_userbyid', 'pg_get_expr', 'pg_get_serial_sequence', 'pg_relation_filenode', 'pg_relation_filepath',
  'pg_typeof', 'format_type', 'obj_description', 'col_description', 'shobj_description', 'has_table_privilege', 'has_schema_privilege', 'has_database_privilege', 'has_column_privilege', 'has_function_privilege', 'pg_has_role',
  'pg_stat_get_activity', 'pg_stat_get_backend_pid', 'pg_xact_commit_timestamp', 'txid_current_snapshot', 'pg_current_snapshot', 'txid_snapshot_xmin', 'pg_snapshot_xmin', 'pg_visible_in_snapshot', 'mxid_age',
  'pg_sleep', 'pg_jit_available', 'pg_partition_root', 'pg_partition_tree', 'pg_partition_ancestors', 'pg_table_is_visible', 'pg_function_is_visible', 'pg_get_keywords', 'pg_control_checkpoint', 'pg_control_system',
  'pg_stat_statements', 'pg_stat_get_numscans', 'pg_stat_get_live_tuples', 'pg_stat_get_dead_tuples', 'pg_replication_slots', 'pg_get_replication_slots', 'pg_stat_get_wal_senders', 'pg_stat_get_wal_receiver',
  'quote_ident', 'quote_literal', 'quote_nullable', 'array_position', 'array_remove', 'array_cat', 'array_append', 'array_prepend', 'cast', 'int4', 'int8', 'text', 'numeric', 'float8', 'bool', 'interval', 'timestamptz',
]);
const READ_PREFIXES = ['pg_stat_get_', 'pg_get_', 'has_', 'json_', 'jsonb_', 'array_', 'regexp_', 'to_', 'date_', 'st_'];
const SECRET_RELATIONS = new Set(['pg_shadow', 'pg_authid', 'pg_user_mapping', 'pg_user_mappings', 'pg_largeobject', 'pg_hba_file_rules', 'pg_file_settings']);
const WRITE_NODES: Record<string, string> = {
  DeleteStmt: 'DELETE', UpdateStmt: 'UPDATE', InsertStmt: 'INSERT', MergeStmt: 'MERGE',
};

type Node = Record<string, unknown>;

/** Verdicts for a PostgreSQL script (several statements allowed). psql meta-commands are handled by the psql rule. */
export function pgVerdicts(sql: string, where: string): Verdict[] {
  if (!pg) {
    misses++;
    return [approve(`${where}: PostgreSQL's parser is not loaded, so the SQL is not proven read-only`)];
  }
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = pg.parseSync(sql) as typeof tree;
  } catch (e) {
    return [approve(`${where}: SQL does not parse (${(e as Error).message}), so it cannot be proven read-only`)];
  }
  const stmts = tree.stmts ?? [];
  if (!stmts.length) return [safe(`${where}: no SQL statements`)];
  const out: Verdict[] = [];
  for (const { stmt } of stmts) out.push(...pgStatement(stmt, where));
  return out;
}

function pgStatement(stmt: Node, where: string): Verdict[] {
  const [type, body] = Object.entries(stmt)[0] ?? ['?', {}];
  const node = (body ?? {}) as Node;
  const deep = deepWrites(node, where);
  switch (type) {
    case 'SelectStmt':
      if (node.intoClause) return [approve(`${where}: SELECT ... INTO creates a table`)];
      return deep.length ? deep : [safe(`${where}: SELECT only reads`)];
    case 'ExplainStmt': {
      const analyze = ((node.options as Node[] | undefined) ?? []).some((o) => (o.DefElem as Node | undefined)?.defname === 'analyze');
      if (!analyze) return [safe(`${where}: EXPLAIN without ANALYZE only plans the query`)];
      const inner = pgStatement((node.query ?? {}) as Node, where);
      return inner.some((v) => v.safety !== 'safe')
        ? inner.map((v) => ({ ...v, reason: `${v.reason} (EXPLAIN ANALYZE executes the statement)` }))
        : [safe(`${where}: EXPLAIN ANALYZE of a read`)];
    }
    case 'VariableShowStmt':
      return [safe(`${where}: SHOW only reads a setting`)];
    case 'VariableSetStmt':
      if (String(node.name ?? '') === 'search_path') return [approve(`${where}: ${q('SET search_path')} changes which functions later statements call`)];
      return deep.length ? deep : [safe(`${where}: SET only changes this session`)];
    case 'TransactionStmt': {
      const kind = String(node.kind ?? '');
      if (/PREPARED|PREPARE/.test(kind)) return [approve(`${where}: ${q(kind.replace('TRANS_STMT_', '').replace('_', ' '))} commits, rolls back or prepares a two-phase transaction`)];
      return [safe(`${where}: transaction control`)];
    }
    case 'DeclareCursorStmt':
      return pgStatement((node.query ?? {}) as Node, where);
    case 'FetchStmt':
    case 'ClosePortalStmt':
    case 'DeallocateStmt':
    case 'DiscardStmt':
      return [safe(`${where}: cursor and session housekeeping`)];
    case 'CopyStmt':
      if (node.is_from) return [approve(`${where}: COPY FROM loads data into a table`)];
      if (node.is_program) return [approve(`${where}: COPY ... TO PROGRAM runs a command on the database server`)];
      if (node.filename) return [approve(`${where}: COPY TO a server file writes outside the database`)];
      return deep.length ? deep : [safe(`${where}: COPY TO STDOUT only reads`)];
    default:
      return [approve(`${where}: ${q(statementName(type))} is not a read-only statement`)];
  }
}

/** Writes hidden anywhere inside a statement: data-modifying CTEs, FOR UPDATE, side-effect functions. */
function deepWrites(root: unknown, where: string): Verdict[] {
  const found: Verdict[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const cur = stack.pop();
    if (Array.isArray(cur)) {
      for (const c of cur) stack.push(c);
      continue;
    }
    if (!cur || typeof cur !== 'object') continue;
    const obj = cur as Node;
    for (const key in obj) {
      const value = obj[key];
      if (!value || typeof value !== 'object') continue;
      if (key in WRITE_NODES) found.push(approve(`${where}: ${WRITE_NODES[key]} inside the query writes data`));
      else if (key === 'lockingClause') found.push(approve(`${where}: SELECT ... FOR UPDATE/SHARE takes row locks`));
      else if (key === 'FuncCall') {
        const name = funcName((value as Node).funcname);
        if (name && !isReadFunction(name)) found.push(approve(`${where}: the function ${q(name + '()')} is not one the classifier knows to be read-only (it may write, read files or run a query of its own)`));
      } else if (key === 'RangeVar') {
        const rel = String((value as Node).relname ?? '').toLowerCase();
        if (SECRET_RELATIONS.has(rel)) found.push(approve(`${where}: ${q(rel)} holds password hashes or other secrets`));
      }
      stack.push(value);
    }
  }
  return found;
}

function funcName(parts: unknown): string | undefined {
  if (!Array.isArray(parts)) return undefined;
  const last = parts[parts.length - 1] as Node | undefined;
  const s = (last?.String as Node | undefined)?.sval;
  return typeof s === 'string' ? s.toLowerCase() : undefined;
}

function isReadFunction(name: string): boolean {
  if (READ_FUNCTIONS.has(name)) return true;
  if (/^(pg_read|pg_ls|pg_file|lo_|dblink|pg_logical|pg_replication|pg_create|pg_drop|pg_copy|pg_stat_reset|pg_advisory|pg_try_advisory|set_config|nextval|setval|query_to|cursor_to)/.test(name)) return false;
  return READ_PREFIXES.some((p) => name.startsWith(p));
}

function statementName(type: string): string {
  return type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

let sqliteDb: Database.Database | undefined;

/** Verdicts for SQLite / D1 SQL, one statement at a time (SQLite's readonly flag is per statement). */
export function sqliteVerdicts(sql: string, where: string): Verdict[] {
  const statements = splitSql(sql);
  if (!statements.length) return [safe(`${where}: no SQL statements`)];
  return statements.map((s) => sqliteStatement(s, where));
}

const SQLITE_NEVER: [RegExp, string][] = [
  [/^\s*(ATTACH|DETACH)\b/i, 'attaches a database file, creating it if it does not exist'],
  [/\b(load_extension|writefile|readfile|edit|fsdir|zipfile|sqlar_compress|sqlar_uncompress)\s*\(/i, 'calls a function that loads code or reads or writes files'],
  [/^\s*VACUUM\b/i, 'rewrites the database (VACUUM INTO writes a file)'],
  [/^\s*PRAGMA\s+[\w.]+\s*=/i, 'changes a database setting'],
  [/^\s*PRAGMA\s+(\w+\.)?(writable_schema|journal_mode|wal_checkpoint|optimize|incremental_vacuum|shrink_memory|trusted_schema|query_only|locking_mode|secure_delete|schema_version|user_version|application_id)\b\s*\(/i, 'changes a database setting'],
];

function sqliteStatement(sql: string, where: string): Verdict {
  for (const [re, why] of SQLITE_NEVER) if (re.test(sql)) return approve(`${where}: ${q(sql.trim().split(/\s+/).slice(0, 3).join(' '))} ${why}`);
  // A fresh schema per statement: stub tables and columns are created for whatever the SQL names,
  // because readonly can only be asked of a statement that prepares.
  sqliteDb?.close();
  sqliteDb = new Database(':memory:');
  const db = sqliteDb;
  const tables: string[] = [];
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const readonly = db.prepare(sql).readonly;
      const head = sql.trim().split(/\s+/)[0]!.toUpperCase();
      return readonly ? safe(`${where}: SQLite reports ${head} as read-only`) : approve(`${where}: SQLite reports ${head} as a write`);
    } catch (e) {
      const msg = (e as Error).message;
      const table = /no such table: (?:\w+\.)?(\w+)/.exec(msg)?.[1];
      const column = /no such column: (?:[\w]+\.)?(\w+)/.exec(msg)?.[1];
      try {
        if (table) {
          db.exec(`CREATE TABLE "${table}" (rowid_stub)`);
          tables.push(table);
          continue;
        }
        if (column && tables.length) {
          for (const t of tables) db.exec(`ALTER TABLE "${t}" ADD COLUMN "${column}"`);
          continue;
        }
      } catch {
        // fall through to "cannot prove"
      }
      return approve(`${where}: SQLite cannot prepare the statement (${msg}), so it cannot be proven read-only`);
    }
  }
  return approve(`${where}: SQL names too many unknown tables to check`);
}

/** Split on `;` outside quotes and comments. */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < n && sql[i] !== close) i++;
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (c === ';') {
      out.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(sql.slice(start));
  return out.filter((s) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim().length > 0).map((s) => s.trim());
}
