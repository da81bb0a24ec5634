/**
 * Is a piece of SQL read-only? Answered by real parsers, not regexes:
 * - PostgreSQL: libpg-query (PostgreSQL's own parser as wasm). Every statement must be a read and
 *   nothing anywhere in the tree may write (a DELETE wrapped in a CTE, EXPLAIN ANALYZE DELETE) or call
 *   a function known for side effects (no parser can see inside functions, hence the list).
 * - SQLite / D1: SQLite's own answer, `sqlite3_stmt_readonly` via better-sqlite3's `statement.readonly`,
 *   on an in-memory database with stub tables created for the names the SQL uses.
 */
import Database from 'better-sqlite3';
import { loadModule, parseSync } from 'libpg-query';
import { approve, safe, type Verdict } from './rules/types.js';

// The wasm parser loads once per process (about 30 ms); classifyBlock stays synchronous after that.
await loadModule();

const SIDE_EFFECT_FUNCTIONS = new Set([
  'pg_terminate_backend', 'pg_cancel_backend', 'set_config', 'nextval', 'setval', 'pg_reload_conf',
  'pg_rotate_logfile', 'pg_switch_wal', 'pg_create_restore_point', 'pg_promote', 'pg_notify',
  'pg_logical_emit_message', 'pg_read_file', 'pg_read_binary_file', 'pg_file_write', 'pg_ls_dir',
  'pg_wal_replay_pause', 'pg_wal_replay_resume', 'pg_backup_start', 'pg_backup_stop', 'pg_start_backup',
  'pg_stop_backup', 'pg_import_system_collations', 'pg_log_backend_memory_contexts', 'pg_stat_statements_reset',
  'lo_import', 'lo_export', 'lo_unlink', 'lo_create', 'lo_creat', 'lo_from_bytea', 'lo_put', 'dblink', 'dblink_exec',
  'dblink_send_query', 'txid_current', 'pg_current_xact_id', 'query_to_xml', 'query_to_xml_and_xmlschema',
]);
const SIDE_EFFECT_PREFIXES = ['pg_advisory', 'pg_try_advisory', 'pg_stat_reset', 'pg_replication_origin', 'pg_create_', 'pg_drop_', 'pg_replication_slot_advance', 'pg_copy_'];
const WRITE_NODES: Record<string, string> = {
  DeleteStmt: 'DELETE', UpdateStmt: 'UPDATE', InsertStmt: 'INSERT', MergeStmt: 'MERGE',
};

type Node = Record<string, unknown>;

/** Verdicts for a PostgreSQL script (several statements allowed). psql meta-commands are handled by the psql rule. */
export function pgVerdicts(sql: string, where: string): Verdict[] {
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
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
      return deep.length ? deep : [safe(`${where}: SET only changes this session`)];
    case 'TransactionStmt':
      return [safe(`${where}: transaction control`)];
    case 'CopyStmt':
      if (node.is_from) return [approve(`${where}: COPY FROM loads data into a table`)];
      if (node.filename || node.is_program) return [approve(`${where}: COPY TO a server file or program writes outside the database`)];
      return deep.length ? deep : [safe(`${where}: COPY TO STDOUT only reads`)];
    default:
      return [approve(`${where}: ${statementName(type)} is not a read-only statement`)];
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
    for (const [key, value] of Object.entries(cur as Node)) {
      if (key in WRITE_NODES) found.push(approve(`${where}: ${WRITE_NODES[key]} inside the query writes data`));
      else if (key === 'lockingClause') found.push(approve(`${where}: SELECT ... FOR UPDATE/SHARE takes row locks`));
      else if (key === 'FuncCall') {
        const name = funcName((value as Node).funcname);
        if (name && isSideEffectFunction(name)) found.push(approve(`${where}: ${name}() is on the list of functions with side effects`));
      }
      if (value && typeof value === 'object') stack.push(value);
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

function isSideEffectFunction(name: string): boolean {
  return SIDE_EFFECT_FUNCTIONS.has(name) || SIDE_EFFECT_PREFIXES.some((p) => name.startsWith(p));
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

function sqliteStatement(sql: string, where: string): Verdict {
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
