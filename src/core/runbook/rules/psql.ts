/**
 * psql: read-only when every SQL it is given (-c, --command, a heredoc or here-string) is, by
 * PostgreSQL's own parser. SQL from a file (-f) or a pipe is invisible, so it needs approval.
 * Informational meta-commands (\dt, \l, \conninfo ...) are reads; \! \o \copy \i \gexec are not.
 */
import { pgVerdicts } from '../sql-readonly.js';
import { approve, isFileTarget, safe, type Rule, type Verdict } from './types.js';

const READ_META = /^\\(d[a-zA-Z+]*|l\+?|list|conninfo|x|timing|encoding|echo|pset|sf|sv|z|dp|q|warn)(\s|$)/;
const VALUE_FLAGS = new Set(['-c', '--command', '-f', '--file', '-d', '--dbname', '-h', '--host', '-p', '--port', '-U', '--username', '-o', '--output', '-L', '--log-file', '-v', '--set', '--variable', '-P', '--pset', '-F', '--field-separator', '-R', '--record-separator', '-T', '--table-attr']);

export const psql: Rule = (cmd) => {
  const out: Verdict[] = [];
  const sqls: string[] = [];
  let sawFile = false;
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    let value: string | undefined;
    if (VALUE_FLAGS.has(name)) value = inline ?? args[++i] ?? '';
    else if (/^-[cfoL]./.test(a)) value = a.slice(2);
    const flag = VALUE_FLAGS.has(name) ? name : a.slice(0, 2);
    if (value === undefined) continue;
    if (flag === '-c' || flag === '--command') sqls.push(value);
    else if (flag === '-f' || flag === '--file') {
      sawFile = true;
      out.push(approve(`psql -f ${value} runs SQL from a file the classifier cannot see`));
    } else if ((flag === '-o' || flag === '--output' || flag === '-L' || flag === '--log-file') && isFileTarget(value)) {
      out.push(approve(`psql ${flag} ${value} writes a file`));
    }
  }
  if (args.includes('-l') || args.includes('--list')) out.push(safe('psql -l lists databases'));
  if (args.includes('--version') || args.includes('-V')) out.push(safe('psql --version only prints information'));
  if (cmd.stdinText !== undefined) sqls.push(cmd.stdinText);
  for (const sql of sqls) out.push(...scriptVerdicts(sql));
  if (!sqls.length && !sawFile && !out.length) {
    out.push(
      cmd.stdinOpaque
        ? approve('psql reads SQL from a pipe or file the classifier cannot see')
        : approve('psql without -c opens an interactive session (give the SQL with -c)'),
    );
  }
  return out;
};

/** A psql script: meta-command lines are checked against the read list, the rest goes to the SQL parser. */
function scriptVerdicts(text: string): Verdict[] {
  const out: Verdict[] = [];
  const sqlLines: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('\\')) {
      for (const meta of t.split(/(?=\\)/).map((m) => m.trim()).filter(Boolean)) {
        if (meta === '\\') continue;
        out.push(READ_META.test(meta) ? safe(`psql ${meta.split(/\s/)[0]} only shows information`) : approve(`psql meta-command ${meta.split(/\s/)[0]} is not read-only`));
      }
    } else sqlLines.push(line);
  }
  const sql = sqlLines.join('\n');
  if (sql.trim()) out.push(...pgVerdicts(sql, 'psql'));
  return out;
}
