/**
 * awk: the program text is read with strings and regex literals set aside, then checked for the
 * constructs that run commands (system(), pipes, |&), write files (print > file), read other
 * files (getline < file) or print the environment (ENVIRON, PROCINFO). -f reads a program the
 * reviewer cannot see; gawk's -o/-p/-d write files and -l/-i load code.
 */
import { parseArgs, table } from './argv.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const AWK = table({
  flags: '-b --characters-as-bytes -c --traditional -C --copyright -g --gen-pot -M --bignum -n --non-decimal-data -N --use-lc-numeric -O --optimize -P --posix -r --re-interval -s --no-optimize -S --sandbox -t --lint-old -V --version -h --help',
  optional: '-L --lint',
  values: '-F --field-separator -v --assign -e --source',
  deny: {
    '-f': 'reads its program from a file', '--file': 'reads its program from a file', '-i': 'loads an awk source file', '--include': 'loads an awk source file',
    '-l': 'loads a compiled extension', '--load': 'loads a compiled extension', '-E': 'reads its program from a file', '--exec': 'reads its program from a file',
    '-o': 'writes a pretty-printed program file', '--pretty-print': 'writes a pretty-printed program file', '-p': 'writes a profile file', '--profile': 'writes a profile file',
    '-d': 'writes a variable dump file', '--dump-variables': 'writes a variable dump file', '-D': 'starts the interactive debugger', '--debug': 'starts the interactive debugger',
  },
});

export const awk: Rule = (cmd) => {
  const p = parseArgs(cmd.program, cmd.args, AWK, cmd);
  if (p.problems.length) return p.problems;
  const progs = p.options.filter((o) => o.name === '-e' || o.name === '--source').map((o) => o.value ?? '');
  const ops = [...p.positionals];
  if (!progs.length) {
    if (!ops.length) return approve(`${cmd.program} without a program is not a command the classifier can check`);
    progs.push(ops.shift()!);
  }
  const out: Verdict[] = [];
  for (const prog of progs) out.push(...awkProgram(cmd.program, prog));
  for (const f of ops) {
    if (/^[A-Za-z_]\w*=/.test(f)) continue; // var=value operands
    const v = cmd.readPath(f);
    if (v) out.push(v);
  }
  return out.length ? out : safe(`${cmd.program} only reads (its program neither runs commands nor writes files)`);
};

export function awkProgram(program: string, text: string): Verdict[] {
  const code = stripLiterals(text);
  const checks: [RegExp, string][] = [
    [/\bsystem\s*\(/, 'runs a shell command'],
    [/\|&/, 'starts a coprocess'],
    [/(?<!\|)\|(?!\|)/, 'pipes to or from a shell command'],
    [/\b(print|printf)\b[^;{}\n]*>/, 'writes to a file'],
    [/\bgetline\b[^;{}\n]*</, 'reads another file'],
    [/\bENVIRON\b/, 'prints the environment, which holds secrets'],
    [/\bPROCINFO\b/, 'reads process information'],
    [/@load|@include|@namespace/, 'loads code from a file'],
  ];
  const out: Verdict[] = [];
  for (const [re, why] of checks) {
    const m = re.exec(code);
    if (m) out.push(approve(`${program} program ${q(text.slice(Math.max(0, m.index - 10), m.index + 30).trim())} ${why}`));
  }
  return out;
}

/** Blank out "strings" and /regex/ literals so their contents do not look like code. */
function stripLiterals(s: string): string {
  let out = '';
  let i = 0;
  let prev = '';
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      out += '""';
      i++;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && /^$|[(,~!&|{};\n=]/.test(prev)) {
      out += '//';
      i++;
      while (i < s.length && s[i] !== '/' && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '#') {
      while (i < s.length && s[i] !== '\n') i++;
    } else {
      out += c;
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return out;
}
