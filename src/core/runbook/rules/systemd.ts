/**
 * systemctl and journalctl. systemctl: status, show, list-*, is-* and cat with declared options (a host
 * or machine option reaches another system; --root reads another tree). journalctl: reading
 * options only; --vacuum-*, --rotate, --flush, --setup-keys ... change the journal, and
 * --file/--directory/--root read journals the classifier cannot see.
 */
import { parseArgs, table } from './argv.js';
import { cliRule } from './subcommands.js';
import { approve, safe, type Rule } from './types.js';

const COMMON = {
  flags: '--no-pager --no-legend --no-ask-password -a --all -l --full -q --quiet --user --system --failed --plain --recursive -r --reverse --after --before --with-dependencies --show-types --value --global --help -h --version',
  values: '-t --type --state -p --property -n --lines -o --output -P --legend --timestamp',
};
const read = Object.fromEntries(
  ['status', 'show', 'cat', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets',
    'list-dependencies', 'list-jobs', 'list-machines', 'list-automounts', 'list-paths', 'get-default', 'show-environment', 'help'].map((s) => [s, { options: {} }]),
);
read['show-environment'] = { options: {}, operands: () => [approve('systemctl "show-environment" prints the service manager environment, which may hold secrets')] } as never;

const systemctlRule = cliRule({
  program: 'systemctl',
  interspersed: true,
  global: { ...COMMON, deny: { '-H': 'reaches another host over SSH', '--host': 'reaches another host over SSH', '-M': 'reaches another machine', '--machine': 'reaches another machine', '--root': 'works on another root directory', '--image': 'works on a disk image' } },
  read,
  gated: {
    start: 'starts a service', stop: 'stops a service', restart: 'restarts a service', 'try-restart': 'restarts a service', reload: 'reloads a service', 'reload-or-restart': 'restarts a service',
    enable: 'changes boot configuration', disable: 'changes boot configuration', mask: 'disables a unit', unmask: 'enables a unit', kill: 'signals a service', 'daemon-reload': 'reloads every unit file',
    edit: 'opens an editor', 'set-property': 'changes a unit', 'reset-failed': 'clears failure state', isolate: 'switches the system state', reboot: 'reboots the machine', poweroff: 'powers the machine off', halt: 'halts the machine',
    'set-environment': 'changes the service environment', 'import-environment': 'changes the service environment', link: 'changes unit files', revert: 'changes unit files', preset: 'changes boot configuration', freeze: 'freezes a unit', thaw: 'thaws a unit', clean: 'deletes unit state',
  },
});
export const systemctl: Rule = (cmd, inner) => (cmd.args.length === 0 ? safe('systemctl without arguments only lists units') : systemctlRule(cmd, inner));

const JOURNAL = table({
  flags: '--no-pager -f --follow -r --reverse -a --all -q --quiet -x --catalog -e --pager-end -k --dmesg -m --merge --utc --no-hostname --no-full --full -l --system --user ' +
    '--list-boots --disk-usage --header --verify --show-cursor --no-tail --fields --list-catalog --help -h --version --list-namespaces --list-invocations',
  optional: '-b --boot -n --lines -I',
  values: '-u --unit --user-unit -t --identifier -T --exclude-identifier -p --priority --facility -g --grep -S --since -U --until -o --output --output-fields ' +
    '--cursor --after-cursor --cursor-file? -M? --namespace --case-sensitive --invocation -_ ',
  deny: {
    '--vacuum-size': 'deletes old journal files', '--vacuum-time': 'deletes old journal files', '--vacuum-files': 'deletes old journal files', '--rotate': 'rotates the journal files',
    '--flush': 'moves the journal to disk', '--sync': 'writes the journal to disk', '--relinquish-var': 'moves the journal', '--smart-relinquish-var': 'moves the journal',
    '--setup-keys': 'writes sealing keys', '--update-catalog': 'writes the message catalog', '--cursor-file': 'reads and writes a cursor file', '-D': 'reads journals from another directory',
    '--directory': 'reads journals from another directory', '--file': 'reads another journal file', '--root': 'reads another root directory', '--image': 'reads a disk image',
    '-M': 'reads another machine', '--machine': 'reads another machine', '-H': 'reads another host', '--host': 'reads another host',
  },
});
export const journalctl: Rule = (cmd) => {
  const p = parseArgs('journalctl', cmd.args, JOURNAL, cmd);
  if (p.problems.length) return p.problems;
  const follow = p.options.some((o) => o.name === '-f' || o.name === '--follow');
  return safe(follow ? 'journalctl -f only reads logs (it streams until the step times out)' : 'journalctl only reads logs');
};
