/**
 * sed: the script is parsed command by command (addresses, s///flags, y///, a/i/c text, labels),
 * not pattern-matched. `e` and s///e run commands; w, W and s///w write files; r and R read files
 * (credential checks apply); -i edits in place; -f reads a script the reviewer cannot see.
 */
import { parseArgs, table } from './argv.js';
import { approve, q, safe, type Cmd, type Rule, type Verdict } from './types.js';

const SED = table({
  flags: '-n --quiet --silent -E -r --regexp-extended -s --separate -u --unbuffered -z --null-data --posix --debug --sandbox --follow-symlinks --help --version',
  values: '-e --expression -l --line-length',
  deny: { '-i': 'edits files in place', '--in-place': 'edits files in place', '-f': 'reads its script from a file', '--file': 'reads its script from a file' },
});

export const sed: Rule = (cmd) => {
  const p = parseArgs('sed', cmd.args, SED, cmd);
  if (p.problems.length) return p.problems;
  const scripts = p.options.filter((o) => o.name === '-e' || o.name === '--expression').map((o) => o.value ?? '');
  const ops = [...p.positionals];
  if (!scripts.length) {
    if (!ops.length) return approve('sed without a script is not a command the classifier can check');
    scripts.push(ops.shift()!);
  }
  const out: Verdict[] = [];
  for (const s of scripts) out.push(...sedScript(s, cmd));
  for (const f of ops) {
    const v = cmd.readPath(f);
    if (v) out.push(v);
  }
  return out.length ? out : safe('sed only prints (no -i, and its script neither runs commands nor writes files)');
};

/** Problems in one sed script. */
export function sedScript(script: string, cmd: Pick<Cmd, 'readPath'>): Verdict[] {
  const out: Verdict[] = [];
  const s = script;
  let i = 0;
  const n = s.length;
  const skipWs = (): void => {
    while (i < n && /[\s;]/.test(s[i]!)) i++;
  };
  const delimited = (d: string): void => {
    // read up to the unescaped delimiter d; i starts just after the opening delimiter
    while (i < n && s[i] !== d) i += s[i] === '\\' ? 2 : 1;
    i++;
  };
  const address = (): void => {
    if (s[i] === '/' || s[i] === '\\') {
      const d = s[i] === '\\' ? s[++i]! : '/';
      i++;
      delimited(d);
      while (i < n && /[IM]/.test(s[i]!)) i++;
    } else while (i < n && /[\d$~+]/.test(s[i]!)) i++;
  };
  const restOfLine = (): string => {
    const start = i;
    while (i < n && s[i] !== '\n') i++;
    return s.slice(start, i).trim();
  };
  let guard = 0;
  while (i < n && guard++ < 10_000) {
    skipWs();
    if (i >= n) break;
    address();
    if (s[i] === ',') {
      i++;
      address();
    }
    while (s[i] === ' ' || s[i] === '!') i++;
    const c = s[i++];
    if (c === undefined) break;
    switch (c) {
      case '{': case '}': case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'l': case 'n': case 'N':
      case 'p': case 'P': case 'x': case 'z': case 'F': case 'q': case 'Q': case 'L':
        while (i < n && /\d/.test(s[i]!)) i++;
        break;
      case '#': case ':': case 'b': case 't': case 'T': case 'v':
        while (i < n && s[i] !== '\n' && s[i] !== ';' && !(c === '#' && false)) i++;
        break;
      case 'a': case 'i': case 'c':
        restOfLine();
        break;
      case 'e':
        out.push(approve(`sed command ${q('e ' + restOfLine())} runs a shell command`));
        break;
      case 'r': case 'R': {
        const file = restOfLine();
        const v = cmd.readPath(file);
        if (v) out.push(v);
        break;
      }
      case 'w': case 'W': {
        const file = restOfLine();
        if (!/^\/dev\/(stdout|stderr)$/.test(file)) out.push(approve(`sed command ${q(c + ' ' + file)} writes a file`));
        break;
      }
      case 's': {
        const d = s[i++]!;
        delimited(d);
        delimited(d);
        const start = i;
        while (i < n && /[gpiImMe0-9w]/.test(s[i]!)) {
          if (s[i] === 'w') break;
          i++;
        }
        const flags = s.slice(start, i);
        if (flags.includes('e')) out.push(approve(`sed substitution flag ${q('e')} (in ${q(script.slice(0, 40))}) runs the result as a shell command`));
        if (s[i] === 'w') {
          i++;
          const file = restOfLine();
          if (!/^\/dev\/(stdout|stderr)$/.test(file)) out.push(approve(`sed substitution flag ${q('w ' + file)} writes a file`));
        }
        break;
      }
      case 'y': {
        const d = s[i++]!;
        delimited(d);
        delimited(d);
        break;
      }
      default:
        out.push(approve(`sed command ${q(c)} (in ${q(script.slice(0, 40))}) is not one the classifier knows to be read-only`));
        return out;
    }
  }
  return out;
}
