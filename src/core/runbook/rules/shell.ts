/**
 * Shell builtins. Those that only look or move (cd, pwd, type, command -v) are reads; those that
 * change how later lines are read or run (eval, source, alias, shopt, set options other than the
 * error-handling ones, trap, enable, hash -p, let, declare -n/-i/-a) are gated; those that print
 * every variable (set, export -p, declare -p, printenv) would post secrets, so they are gated too.
 */
import { harmlessEnv } from './env.js';
import { approve, q, safe, type Rule } from './types.js';

const SET_OK = new Set(['-e', '+e', '-u', '+u', '-x', '+x', '-E', '-T', '-C', '+C', '-f', '+f', '-v', '+v', '-eu', '-ue', '-eux', '-eu', '-euxo', '-euo', '-eo', '-uo', '-exo', '-ex', '-xe']);
const SET_O = new Set(['pipefail', 'errexit', 'nounset', 'errtrace', 'noclobber', 'xtrace', 'noglob', 'functrace']);
const SAFE_PRINTENV = new Set(['HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'TZ', 'PWD', 'HOSTNAME', 'TERM', 'NODE_ENV', 'APP_ENV']);

const set: Rule = (cmd) => {
  if (!cmd.args.length) return approve(`${q('set')} without arguments prints every shell variable, which may hold secrets`);
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (SET_OK.has(a) && !a.endsWith('o')) continue;
    if ((a.endsWith('o') && /^[-+][eux]*o$/.test(a)) || a === '-o' || a === '+o') {
      const opt = cmd.args[++i];
      if (opt && SET_O.has(opt)) continue;
      return approve(`set ${q(`${a} ${opt ?? ''}`.trim())} changes how the shell runs later lines`);
    }
    return approve(`set ${q(a)} changes how the shell runs later lines${a === '--' || !a.startsWith('-') ? ' (it replaces the positional parameters)' : ''}`);
  }
  return safe('set only turns on error handling');
};

const declare: Rule = (cmd) => {
  const opts = cmd.args.filter((a) => /^[-+]/.test(a)).join('');
  if (!cmd.args.length || /p/.test(opts)) return approve(`${cmd.program} ${q(cmd.args.join(' ') || cmd.program)} prints shell variables, which may hold secrets`);
  const bad = /[aAinfFx]/.exec(opts.replace(/[-+]/g, ''));
  if (bad) {
    const why: Record<string, string> = { a: 'makes an array', A: 'makes an array', i: 'evaluates values as arithmetic, which can run commands', n: 'makes a name reference', f: 'works on shell functions', F: 'works on shell functions', x: 'exports variables to every later program' };
    return approve(`${cmd.program} ${q('-' + bad[0])} ${why[bad[0]]}`);
  }
  return safe(`${cmd.program} only sets shell variables`);
};

const exportRule: Rule = (cmd) => {
  if (!cmd.args.length || cmd.args.includes('-p')) return approve(`${q('export')} without names prints the whole environment, which holds secrets`);
  if (cmd.args.includes('-f')) return approve(`export ${q('-f')} exports shell functions`);
  for (const a of cmd.args.filter((x) => !x.startsWith('-'))) {
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!harmlessEnv(name, eq > 0 ? a.slice(eq + 1) : '')) return approve(`export ${q(a)} changes the environment of every later program, and ${name} is not on the list of harmless variables`);
  }
  return safe('export only sets harmless environment variables (locale, time zone, colours, timeouts)');
};

const printenv: Rule = (cmd) => {
  const names = cmd.args.filter((a) => !a.startsWith('-'));
  if (!names.length) return approve(`${q(cmd.program)} prints the whole environment, which holds secrets`);
  const bad = names.find((n) => !SAFE_PRINTENV.has(n) && !/^LC_/.test(n));
  return bad ? approve(`printenv ${q(bad)} prints a variable that may hold a secret`) : safe('printenv only prints harmless variables');
};

const gate = (why: string): Rule => (cmd) => approve(`${q(cmd.program)} ${why}`);
const ok = (why: string): Rule => (cmd) => safe(`${cmd.program} ${why}`);

export const shell: Record<string, Rule> = {
  set,
  declare, typeset: declare, local: declare, readonly: declare,
  export: exportRule,
  printenv,
  cd: ok('only changes the working directory'), pushd: ok('only changes the working directory'), popd: ok('only changes the working directory'),
  pwd: ok('only prints the working directory'), dirs: ok('only prints the directory stack'), jobs: ok('only lists jobs'), times: ok('only prints times'),
  wait: ok('only waits for jobs'), shift: ok('only shifts the positional parameters'), exit: ok('only ends the script'), return: ok('only returns'),
  umask: ok('only sets the file creation mask'), ulimit: ok('only sets resource limits'), unset: ok('only removes shell variables'), unalias: ok('only removes aliases'),
  read: ok('only reads its input into variables'), mapfile: ok('only reads its input into an array'), readarray: ok('only reads its input into an array'), getopts: ok('only parses options'),
  type: ok('only describes commands'),
  eval: gate('runs its arguments as a script, which the classifier cannot see'),
  source: (cmd) => approve(`source ${q(cmd.args[0] ?? '')} runs a script file in this shell`),
  '.': (cmd) => approve(`${q('.')} ${q(cmd.args[0] ?? '')} runs a script file in this shell`),
  alias: (cmd) => (cmd.args.length === 0 || cmd.args[0] === '-p' ? safe('alias only lists aliases') : approve(`alias ${q(cmd.args[0]!)} defines an alias, so later commands may not run what they name`)),
  shopt: gate('changes how the shell parses and expands later lines'),
  trap: (cmd) => (cmd.args.length === 0 || cmd.args[0] === '-l' || cmd.args[0] === '-p' ? safe('trap only lists traps') : approve(`trap ${q(cmd.args[0]!)} runs a command when a signal arrives or the shell exits`)),
  enable: gate('loads or turns off shell builtins'),
  hash: (cmd) => (cmd.args.some((a) => a.startsWith('-p') || a.startsWith('-')) && !cmd.args.every((a) => a === '-l' || a === '-t' || !a.startsWith('-')) ? approve(`hash ${q(cmd.args.join(' '))} changes where the shell finds programs`) : safe('hash only lists or remembers program locations')),
  let: gate('evaluates arithmetic, which can run commands hidden in a variable\'s value'),
  fc: gate('re-runs or edits commands from the history'), history: gate('reads or writes the shell history file'),
  bind: gate('changes key bindings'), complete: gate('defines completions'), compgen: gate('generates completions'), caller: ok('only prints the call stack'),
  disown: gate('detaches a job'), suspend: gate('suspends the shell'), logout: gate('ends a login shell'),
  kill: (cmd) => (cmd.args[0] === '-l' || cmd.args[0] === '-L' || cmd.args[0] === '-0' ? safe(`kill ${cmd.args[0]} only checks or lists signals`) : approve(`kill ${q(cmd.args.join(' '))} sends a signal to processes`)),
};
