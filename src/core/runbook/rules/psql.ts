/**
 * psql: read-only when every SQL it is given (-c, several -c, a heredoc or here-string) is, by
 * PostgreSQL's own parser, and every meta-command is on the list of ones that only show things.
 * Meta-commands are found where psql finds them (a backslash outside quotes, anywhere on a line),
 * so `SELECT 1 \gexec` or `\! cmd` after SQL are seen. \! \o \g \w \copy \i \gexec \setenv ... are
 * not read-only; -f runs a file the reviewer cannot see; -o and -L write files.
 */
import { pgVerdicts } from '../sql-readonly.js';
import { parseArgs, table, type Check } from './argv.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const READ_META = /^\\(d[a-zA-Z]*\+?S?\+?|l\+?|list\+?|conninfo|x|timing|encoding|echo|qecho|warn|sf\+?|sv\+?|z|dp|q|quit|errverbose|copyright|h|help|\?|a|t|H|C|f|T|crosstabview|watch|if|elif|else|endif|connect|c|pset)$/;
const toNull: Check = (v) => (v === '/dev/null' || v === '-' ? undefined : 'writes the query output to a file');
const SAFE_VARS = /^(ON_ERROR_STOP|ON_ERROR_ROLLBACK|AUTOCOMMIT|ECHO|QUIET|VERBOSITY|FETCH_COUNT|SHOW_CONTEXT)=/;
const pset: Check = (v) => (/^pager/.test(v) && !/^pager=?(off|0)?$/.test(v) ? 'runs a pager program' : undefined);

const PSQL = table({
  flags: '-A --no-align -a --echo-all -b --echo-errors -e --echo-queries -E --echo-hidden -H --html -l --list -n --no-readline -q --quiet -S --single-line -t --tuples-only ' +
    '-x --expanded -X --no-psqlrc -1 --single-transaction -w --no-password -z --field-separator-zero -0 --record-separator-zero -V --version -? --help --csv',
  values: '-c --command -d --dbname -h --host -p --port -U --username -F --field-separator -R --record-separator -T --table-attr',
  checked: { '-o': toNull, '--output': toNull, '-P': pset, '--pset': pset, '-v': (v) => (SAFE_VARS.test(v) ? undefined : 'sets a psql variable, which can change prompts and queries'), '--set': (v) => (SAFE_VARS.test(v) ? undefined : 'sets a psql variable'), '--variable': (v) => (SAFE_VARS.test(v) ? undefined : 'sets a psql variable') },
  deny: { '-f': 'runs SQL from a file the classifier cannot see', '--file': 'runs SQL from a file the classifier cannot see', '-L': 'writes a log file', '--log-file': 'writes a log file', '-s': 'prompts before each statement', '--single-step': 'prompts before each statement', '-W': 'prompts for a password', '--password': 'prompts for a password' },
});

export const psql: Rule = (cmd) => {
  const p = parseArgs('psql', cmd.args, PSQL, cmd);
  if (p.problems.length) return p.problems;
  const sqls = p.options.filter((o) => o.name === '-c' || o.name === '--command').map((o) => o.value ?? '');
  const out: Verdict[] = [];
  if (p.positionals.length > 2) out.push(approve(`psql ${q(p.positionals[2]!)} is an operand psql does not take`));
  if (cmd.stdinText !== undefined && !sqls.length) sqls.push(cmd.stdinText);
  for (const sql of sqls) out.push(...psqlScript(sql));
  if (!sqls.length) {
    if (p.options.some((o) => o.name === '-l' || o.name === '--list')) return safe('psql -l only lists databases');
    if (p.options.some((o) => o.name === '-V' || o.name === '--version')) return safe('psql --version only prints its version');
    out.push(approve(cmd.stdinOpaque ? 'psql reads SQL from a pipe or file the classifier cannot see' : 'psql without -c opens an interactive session (give the SQL with -c)'));
  }
  return out;
};

/** A psql script: meta-commands are split out where psql would see them; the rest is SQL. */
export function psqlScript(text: string): Verdict[] {
  // no backslash, no meta-command: the whole text is SQL
  if (!text.includes('\\')) return text.replace(/;/g, '').trim() ? pgVerdicts(text, 'psql') : [];
  const out: Verdict[] = [];
  let sql = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const start = i++;
      while (i < n && text[i] !== c) i++;
      sql += text.slice(start, ++i);
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i))![0];
      const end = text.indexOf(tag, i + tag.length);
      const stop = end < 0 ? n : end + tag.length;
      sql += text.slice(i, stop);
      i = stop;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '\\') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      const sep = text.indexOf('\\\\', i + 1);
      if (sep >= 0 && sep < end) end = sep;
      const meta = text.slice(i, end).trim();
      const name = meta.split(/\s/)[0]!;
      if (name === '\\pset' && /\bpager\b/.test(meta) && !/\bpager\s+(off|0)\b/.test(meta)) out.push(approve(`psql meta-command ${q(meta)} runs a pager program`));
      else if (!READ_META.test(name)) out.push(approve(`psql meta-command ${q(meta)} is not read-only (it can run commands, write files or run other SQL)`));
      else out.push(safe(`psql ${name} only shows information`));
      sql += ';';
      i = end + (text.startsWith('\\\\', end) ? 2 : 0);
    } else {
      sql += c;
      i++;
    }
  }
  if (sql.replace(/;/g, '').trim()) out.push(...pgVerdicts(sql, 'psql'));
  return out;
}
