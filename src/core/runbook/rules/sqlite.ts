/**
 * sqlite3 and `wrangler d1 execute`: SQL checked with SQLite's own readonly flag.
 * Dot-commands that only show things are reads; .output/.shell/.import/... are not.
 */
import { sqliteVerdicts } from '../sql-readonly.js';
import { approve, positionals, safe, type Rule, type Verdict } from './types.js';

const READ_DOT = /^\.(tables|schema|indexes|indices|databases|dbinfo|show|headers|mode|width|help|fullschema|lint|stats|timer|print|quit|exit)\b/;

export function sqliteScriptVerdicts(text: string, where: string): Verdict[] {
  const out: Verdict[] = [];
  const sql: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('.')) out.push(READ_DOT.test(t) ? safe(`${where} ${t.split(/\s/)[0]} only shows information`) : approve(`${where} ${t.split(/\s/)[0]} is not read-only`));
    else sql.push(line);
  }
  if (sql.join('\n').trim()) out.push(...sqliteVerdicts(sql.join('\n'), where));
  return out;
}

export const sqlite3: Rule = (cmd) => {
  const words = positionals(cmd.args, new Set(['-cmd', '-separator', '-newline', '-nullvalue']));
  const [, sql] = words;
  const out: Verdict[] = [];
  if (cmd.args.includes('-version') || cmd.args.includes('--version')) return safe('sqlite3 -version only prints information');
  if (sql !== undefined) out.push(...sqliteScriptVerdicts(sql, 'sqlite3'));
  else if (cmd.stdinText !== undefined) out.push(...sqliteScriptVerdicts(cmd.stdinText, 'sqlite3'));
  else out.push(approve(cmd.stdinOpaque ? 'sqlite3 reads SQL from a pipe or file the classifier cannot see' : 'sqlite3 without SQL opens an interactive session'));
  return out;
};
