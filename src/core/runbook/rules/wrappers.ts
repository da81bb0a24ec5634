/**
 * Commands that run other commands. Wrappers that only adjust how a command runs (env, nice,
 * nohup, timeout, time, stdbuf, setsid, ionice, command, builtin, exec) are unwrapped and the
 * command they run is classified; their own options are declared like any other (time -o writes,
 * env -S splits a string into a command line, ionice -p changes another process). Anything that
 * runs a script or command line the classifier cannot see (sh -c, sudo, xargs, ssh) is gated.
 */
import { parseArgs, table, type OptDef } from './argv.js';
import { harmlessEnv } from './env.js';
import { approve, manual, q, safe, type Inner, type Rule, type Verdict } from './types.js';

function unwrap(program: string, def: OptDef, leading = 0): Rule {
  const t = table(def);
  return (cmd, inner) => {
    const p = parseArgs(program, cmd.args, t, cmd, { stopAtPositional: true });
    if (p.problems.length) return p.problems;
    const rest = p.rest.slice(leading);
    if (!rest.length) return approve(`${program} without a command is not something the classifier can check`);
    return inner(rest);
  };
}

const ENV = table({
  flags: '-i --ignore-environment -0 --null -v --debug --list-signal-handling',
  values: '-u --unset',
  optional: '--block-signal --default-signal --ignore-signal',
  deny: { '-S': 'splits a string into a command line the classifier cannot see', '--split-string': 'splits a string into a command line the classifier cannot see', '-P': 'searches another PATH for the program', '-C': 'runs the command in another directory', '--chdir': 'runs the command in another directory' },
});

const env: Rule = (cmd, inner) => {
  const p = parseArgs('env', cmd.args, ENV, cmd, { stopAtPositional: true });
  if (p.problems.length) return p.problems;
  const rest = [...p.rest];
  const out: Verdict[] = [];
  while (rest.length && /^[A-Za-z_]\w*=/.test(rest[0]!)) {
    const a = rest.shift()!;
    const eq = a.indexOf('=');
    if (!harmlessEnv(a.slice(0, eq), a.slice(eq + 1))) out.push(approve(`env ${q(a)} changes how the command runs, and ${a.slice(0, eq)} is not on the list of harmless variables`));
  }
  if (!rest.length) return [...out, approve(`${q('env')} without a command prints the whole environment, which holds secrets`)];
  return [...out, ...inner(rest)];
};

const command: Rule = (cmd, inner) => {
  if (cmd.args[0] === '-v' || cmd.args[0] === '-V') return safe(`command ${cmd.args[0]} only looks up a program`);
  return inner(cmd.args[0] === '-p' ? cmd.args.slice(1) : cmd.args);
};

const shells = (sh: string): Rule => (cmd) => {
  if (cmd.args.some((a) => /^-[a-zA-Z]*c/.test(a))) return approve(`${sh} ${q('-c')} runs a nested script the classifier does not check`);
  const file = cmd.args.find((a) => !a.startsWith('-') && !a.startsWith('+'));
  if (file) return approve(`${sh} ${q(file)} runs a script file the classifier cannot see`);
  return approve(`${sh} reads a script from its input, which the classifier cannot see`);
};

const interpreter: Rule = (cmd) => {
  if (cmd.args.length === 1 && /^(--version|-v|-V|version)$/.test(cmd.args[0]!)) return safe(`${cmd.program} ${cmd.args[0]} only prints its version`);
  const inline = cmd.args.find((a) => /^-[a-zA-Z]*[ceEp]$|^--(eval|print|command)$/.test(a));
  return approve(inline ? `${cmd.program} ${q(inline)} runs an inline script` : `${cmd.program} ${q(cmd.args[0] ?? '')} runs a script`.replace(' ""', ''));
};

const gate = (why: string): Rule => (cmd) => approve(`${q(cmd.program)} ${why}`);

export const wrappers: Record<string, Rule> = {
  env,
  command,
  builtin: (cmd, inner: Inner) => inner(cmd.args),
  exec: (cmd, inner) => (cmd.args.length ? (cmd.args[0]!.startsWith('-') ? approve(`exec ${q(cmd.args[0]!)} changes how the command starts`) : inner(cmd.args)) : safe('exec without a command only applies its redirections')),
  nice: unwrap('nice', { values: '-n --adjustment', numeric: true }),
  nohup: unwrap('nohup', {}),
  timeout: unwrap('timeout', { flags: '--preserve-status --foreground -v --verbose', values: '-s --signal -k --kill-after' }, 1),
  time: unwrap('time', { flags: '-p --portability -v --verbose -q --quiet', values: '-f --format', deny: { '-o': 'writes its report to a file', '--output': 'writes its report to a file', '-a': 'appends its report to a file', '--append': 'appends its report to a file' } }),
  stdbuf: unwrap('stdbuf', { values: '-i -o -e --input --output --error' }),
  setsid: unwrap('setsid', { flags: '-c --ctty -f --fork -w --wait' }),
  ionice: unwrap('ionice', { flags: '-t --ignore', values: '-c --class -n --classdata', deny: { '-p': 'changes the priority of another process', '--pid': 'changes the priority of another process', '-P': 'changes the priority of other processes', '--pgid': 'changes the priority of other processes', '-u': 'changes the priority of other processes', '--uid': 'changes the priority of other processes' } }),
  watch: () => manual(`${q('watch')} runs its command again and again until stopped; run it in a terminal`),
  sudo: gate('runs the command as another user, usually root'), doas: gate('runs the command as another user, usually root'),
  su: gate('switches to another user'), runuser: gate('runs the command as another user'), pkexec: gate('runs the command as another user'),
  xargs: gate('appends words read from its input to the command, and those words could be options the classifier never sees'),
  parallel: gate('runs commands built from its input'), flock: gate('takes a lock file and runs a command'),
  ssh: gate('runs commands on a remote host'), scp: gate('copies files to or from a remote host'), sftp: gate('copies files to or from a remote host'),
  rsync: gate('copies files'), telnet: gate('opens a raw network session'), ftp: gate('opens a file transfer session'),
  crontab: gate('changes scheduled jobs'), at: gate('schedules a job'), batch: gate('schedules a job'), 'systemd-run': gate('starts a transient service'),
  script: gate('records a session to a file'), npx: (cmd) => approve(`npx ${q(cmd.args.find((a) => !a.startsWith('-')) ?? '')} runs a package binary, which it may download first`),
};
for (const sh of ['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'busybox']) wrappers[sh] = shells(sh);
for (const i of ['python', 'python2', 'python3', 'perl', 'ruby', 'php', 'lua', 'deno', 'bun', 'node', 'nodejs', 'Rscript', 'tclsh', 'wish', 'expect', 'pwsh', 'osascript', 'java', 'jshell', 'irb', 'gdb', 'vim', 'vi', 'nvim', 'emacs', 'nano', 'ed', 'ex'])
  wrappers[i] = interpreter;
