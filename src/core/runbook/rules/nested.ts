/**
 * Commands that run other commands. Wrappers that only adjust how a command runs (timeout, nice,
 * env VAR=x) are looked through to the inner command; anything that runs a script the classifier
 * cannot see (bash -c, eval, source, ssh, xargs, sudo) needs approval.
 */
import { approve, type Inner, type Rule, type Verdict } from './types.js';

const SHELLS = ['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish'];

export const nested: Record<string, Rule> = {};
for (const sh of SHELLS) {
  nested[sh] = (cmd) => {
    if (cmd.args.some((a) => /^-[a-zA-Z]*c/.test(a))) return approve(`${sh} -c runs a nested script`);
    if (cmd.args.length === 0 || cmd.args.every((a) => a.startsWith('-'))) return approve(`${sh} reads a script from stdin`);
    return approve(`${sh} ${cmd.args.find((a) => !a.startsWith('-'))} runs a script file the classifier cannot see`);
  };
}
nested.eval = () => approve('eval runs text as a script');
nested.source = nested['.'] = (cmd) => approve(`source ${cmd.args[0] ?? ''} runs a script in this shell`.replace(/ +$/, ''));
nested.exec = (cmd, inner) => (cmd.args.length ? inner(cmd.args) : approve('exec changes the shell\'s file descriptors'));
nested.ssh = (cmd) => approve(`ssh runs commands on a remote host${cmd.args.length ? '' : ' (interactive)'}`);
nested.xargs = () => approve('xargs runs a command for each input line');
nested.parallel = () => approve('parallel runs commands for each input');
nested.sudo = nested.doas = (cmd) => approve(`${cmd.program} runs with root privileges`);
nested.su = () => approve('su switches user');
nested.python = nested.python3 = nested.perl = nested.ruby = nested.php = nested.deno = nested.bun = (cmd) =>
  approve(`${cmd.program} ${cmd.args.some((a) => /^-[a-zA-Z]*[ce]$/.test(a)) ? 'runs an inline script' : 'runs a script'}`);
nested.watch = () => ({ safety: 'manual', reason: 'watch is interactive and never ends; run it in a terminal' });
nested.script = () => approve('script records a session to a file');
nested.crontab = () => approve('crontab changes scheduled jobs');
nested.at = () => approve('at schedules a job');

/** Wrappers looked through to the command they run. */
export const wrappers: Record<string, Rule> = {
  timeout: (cmd, inner) => lookThrough('timeout', skipOptions(cmd.args, ['-s', '--signal', '-k', '--kill-after'], 1), inner),
  nice: (cmd, inner) => lookThrough('nice', skipOptions(cmd.args, ['-n', '--adjustment'], 0), inner),
  ionice: (cmd, inner) => lookThrough('ionice', skipOptions(cmd.args, ['-c', '--class', '-n', '--classdata', '-p'], 0), inner),
  nohup: (cmd, inner) => lookThrough('nohup', cmd.args, inner),
  stdbuf: (cmd, inner) => lookThrough('stdbuf', skipOptions(cmd.args, ['-i', '-o', '-e'], 0), inner),
  time: (cmd, inner) => lookThrough('time', skipOptions(cmd.args, ['-f', '--format', '-o', '--output'], 0), inner),
  command: (cmd, inner) => {
    if (cmd.args[0] === '-v' || cmd.args[0] === '-V') return { safety: 'safe', reason: 'command -v only looks up a program' };
    return lookThrough('command', cmd.args.filter((a, i) => !(i === 0 && a === '-p')), inner);
  },
  env: (cmd, inner) => {
    if (cmd.args.some((a) => a === '-S' || a.startsWith('--split-string'))) return approve('env -S runs a command line the classifier cannot see');
    const rest = skipOptions(cmd.args, ['-u', '--unset', '-C', '--chdir'], 0).filter((a, i, all) => !(a.includes('=') && all.slice(0, i).every((x) => x.includes('='))));
    if (!rest.length) return { safety: 'safe', reason: 'env only prints the environment' };
    return lookThrough('env', rest, inner);
  },
};

function lookThrough(wrapper: string, argv: string[], inner: Inner): Verdict[] {
  if (!argv.length) return [approve(`${wrapper} without a command`)];
  return inner(argv);
}

/** Drop leading options (and the values of `valueFlags`), then `positional` leading words (timeout's DURATION). */
function skipOptions(args: string[], valueFlags: string[], positional: number): string[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && args[i] !== '--') i += valueFlags.includes(args[i]!) ? 2 : 1;
  if (args[i] === '--') i++;
  return args.slice(i + positional);
}
