/**
 * sqlite3 and `wrangler d1 execute`: SQL checked with SQLite's own readonly flag (sql-readonly.ts);
 * dot-commands from a declared list of ones that only show things. .shell/.system run commands,
 * .output/.once/.save/.backup write files, .read/.import/.open/.load read files or code.
 */
import { sqliteVerdicts } from '../sql-readonly.js';
import { parseArgs, singleDashTable } from './argv.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const READ_DOT = new Set(['.tables', '.schema', '.indexes', '.indices', '.databases', '.dbinfo', '.show', '.headers', '.header', '.mode', '.width', '.help', '.fullschema', '.lint', '.stats', '.timer', '.print', '.quit', '.exit', '.eqp', '.explain', '.nullvalue', '.separator', '.changes', '.version', '.timeout', '.bail', '.echo', '.dump', '.sha3sum']);

export function sqliteScriptVerdicts(text: string, where: string): Verdict[] {
  const out: Verdict[] = [];
  const sql: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('.')) {
      const dot = t.split(/\s/)[0]!;
      out.push(READ_DOT.has(dot) ? safe(`${where} ${dot} only shows information`) : approve(`${where} ${q(dot)} is not a read-only dot-command (it can run commands, write files or read other files)`));
    } else sql.push(line);
  }
  if (sql.join('\n').trim()) out.push(...sqliteVerdicts(sql.join('\n'), where));
  return out;
}

const SQLITE = singleDashTable({
  flags: '-readonly -batch -bail -box -column -csv -header -noheader -html -json -line -list -markdown -table -tabs -quote -ascii -echo -stats -version --version -help -nofollow -safe -no-rowid-in-view',
  values: '-separator -newline -nullvalue -cmd -mmap -maxsize -vfs -escape',
  deny: { '-init': 'reads commands from a file', '-append': 'appends a database to a file', '-zip': 'opens a ZIP archive as a database', '-deserialize': 'loads a database image', '-A': 'manages an archive', '-memtrace': 'traces memory', '-lookaside': 'tunes memory', '-pagecache': 'tunes memory', '-heap': 'tunes memory' },
});

export const sqlite3: Rule = (cmd) => {
  const p = parseArgs('sqlite3', cmd.args, SQLITE, cmd);
  if (p.problems.length) return p.problems;
  if (p.options.some((o) => o.name === '-version' || o.name === '--version')) return safe('sqlite3 -version only prints its version');
  const [db, ...commands] = p.positionals;
  const out: Verdict[] = [];
  if (db) {
    const v = cmd.readPath(db);
    if (v) out.push(v);
  }
  for (const c of p.options.filter((o) => o.name === '-cmd')) out.push(...sqliteScriptVerdicts(c.value ?? '', 'sqlite3'));
  if (commands.length) for (const c of commands) out.push(...sqliteScriptVerdicts(c, 'sqlite3'));
  else if (cmd.stdinText !== undefined) out.push(...sqliteScriptVerdicts(cmd.stdinText, 'sqlite3'));
  else out.push(approve(cmd.stdinOpaque ? 'sqlite3 reads SQL from a pipe or file the classifier cannot see' : 'sqlite3 without SQL opens an interactive session'));
  return out;
};
