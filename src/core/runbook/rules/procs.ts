/**
 * Process, kernel and resource inspection: ps, pgrep, lsof, vmstat, iostat, dmesg, sysctl, ip,
 * top, pstree, mount, findmnt. `ps e` (BSD) prints each process's environment, which holds
 * secrets; dmesg -c clears, sysctl -w writes, ip ... add/del changes the network.
 */
import { parseArgs, table } from './argv.js';
import { shapes } from './simple.js';
import { approve, manual, q, safe, type Rule } from './types.js';

const PS = table({
  flags: '-A -a -d -e -f -F -H -j -l -L -M -N -T -w -x -y -Z -c --forest --no-headers --headers --deselect --cumulative --help --version -ww',
  values: '-C -G -g -p -q -s -t -U -u -o -O --sort --pid --ppid --ppid --user --group --Group --User --tty --sid --cols --columns --width --lines --rows --format',
});
const BSD_OK = /^[auxwfjlvrTSmHhcnsLXZ]+$/;

export const ps: Rule = (cmd) => {
  const dashed: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (a.startsWith('-')) {
      dashed.push(a);
      if (/^-[A-Za-z]*[CGgpqstUuoO]$|^--(sort|pid|ppid|user|group|format|cols|columns|width|lines|rows)$/.test(a) && i + 1 < cmd.args.length) dashed.push(cmd.args[++i]!);
      continue;
    }
    if (/^\d+(,\d+)*$/.test(a)) continue; // pids
    if (a.includes('e')) return approve(`ps ${q(a)} prints each process's environment, which holds secrets`);
    if (!BSD_OK.test(a)) return approve(`ps option ${q(a)} is not on the read-only list`);
  }
  const p = parseArgs('ps', dashed, PS, cmd);
  if (p.problems.length) return p.problems;
  const fmt = p.options.find((o) => /^(-o|-O|--format)$/.test(o.name) && /\b(environ|env)\b/.test(o.value ?? ''));
  if (fmt) return approve(`ps ${q(`${fmt.name} ${fmt.value}`)} prints process environments`);
  return safe('ps only lists processes');
};

const sysctlRule: Rule = (cmd) => {
  const p = parseArgs('sysctl', cmd.args, table({ flags: '-a -A -X -n -N -e -b -q -r --all --values --names --ignore --binary --quiet --help --version', values: '--pattern -r', deny: { '-w': 'writes kernel settings', '--write': 'writes kernel settings', '-p': 'loads kernel settings', '--load': 'loads kernel settings', '--system': 'loads kernel settings', '-f': 'loads kernel settings' } }), cmd);
  if (p.problems.length) return p.problems;
  const set = p.positionals.find((o) => o.includes('='));
  return set ? approve(`sysctl ${q(set)} changes a kernel setting`) : safe('sysctl only reads kernel settings');
};

const IP_OBJECTS = new Set(['addr', 'address', 'a', 'link', 'l', 'route', 'r', 'ro', 'neigh', 'neighbor', 'neighbour', 'n', 'rule', 'ru', 'maddr', 'maddress', 'mroute', 'netconf', 'tunnel', 'tuntap', 'monitor', 'netns', 'vrf', 'mptcp', 'stats', '-4', '-6']);
const IP_READ = new Set(['show', 'list', 'ls', 'lst', 'sh', 's', 'get', 'l']);
const ip: Rule = (cmd) => {
  const words = cmd.args.filter((a) => !a.startsWith('-'));
  const bad = cmd.args.find((a) => /^-(b|batch|force|n|netns)$/.test(a));
  if (bad) return approve(`ip ${q(bad)} runs commands from a file or in another namespace`);
  const [obj, verb] = words;
  if (!obj) return approve('ip without an object is not a read-only ip command');
  if (!IP_OBJECTS.has(obj)) return approve(`ip ${q(obj)} is not an object the classifier knows`);
  if (verb === undefined || IP_READ.has(verb) || obj === 'monitor') return safe(`ip ${obj} ${verb ?? 'show'} only reads`);
  return approve(`ip ${obj} ${q(verb)} changes network configuration`);
};

export const procs: Record<string, Rule> = {
  ps,
  sysctl: sysctlRule,
  ip,
  top: (cmd) => (cmd.args.some((a) => /^-[a-zA-Z]*b/.test(a)) ? safe('top -b (batch mode) only reads') : manual('top without -b is interactive; run it in a terminal, or use top -b -n 1')),
  htop: () => manual(`${q('htop')} is interactive; run it in a terminal`), btop: () => manual(`${q('btop')} is interactive; run it in a terminal`),
  glances: () => manual(`${q('glances')} is interactive; run it in a terminal`), iotop: () => manual(`${q('iotop')} is interactive; run it in a terminal`),
  mount: (cmd) => (cmd.args.length === 0 || (cmd.args.length === 2 && cmd.args[0] === '-t') || cmd.args.every((a) => a === '-l') ? safe('mount without a device only lists mounts') : approve(`mount ${q(cmd.args.join(' '))} changes mounts`)),
  ...shapes({
    pgrep: { options: { flags: '-f -l -a -x -n -o -c -v -i -w --full --list-name --list-full --exact --newest --oldest --count --inverse --ignore-case --lightweight --help --version', values: '-u -U -g -G -P -s -t -d --euid --uid --pgroup --group --parent --session --terminal --delimiter --ns --nslist -F --pidfile' }, operands: 'words' },
    pidof: { options: { flags: '-s -c -n -x -q -z', values: '-o -S -d' }, operands: 'words' },
    pstree: { options: { flags: '-a -A -c -C -g -G -h -l -n -N -p -s -S -t -T -u -U -Z --arguments --ascii --compact-not --show-pgids --vt100 --long --numeric-sort --show-pids --show-parents --ns-changes --thread-names --hide-threads --uid-changes --unicode --security-context' }, operands: 'words' },
    lsof: { options: { flags: '-n -P -l -t -a -b -w -R -U -V -h -K -N -X -Q', optional: '-i -s -d -F -T -E', values: '-p -u -c -g -D +D +d -r +r -A -o -O -S' }, operands: 'words' },
    vmstat: { options: { flags: '-a -f -m -s -d -D -t -w -y --active --forks --slabs --stats --disk --disk-sum --timestamp --wide --no-first --help --version', values: '-p --partition -S --unit -C' }, operands: 'words' },
    iostat: { options: { flags: '-c -d -h -k -m -N -s -t -V -x -y -z -H --human --compact --pretty', values: '-g -j -o -p --dec' }, operands: 'words' },
    mpstat: { options: { flags: '-A -H -T -u -n -V', values: '-I -N -P -o --dec' }, operands: 'words' },
    sar: { options: { flags: '-A -B -b -C -d -F -H -h -p -q -r -S -t -u -v -W -w -x -y -z --human', values: '-I -n -P -m -e -s -i -j', files: '-f', deny: { '-o': 'writes its samples to a file' } }, operands: 'words' },
    dmesg: { options: { flags: '-T -H -k -u -x -L -w -W -e -t -P -r -S -d --ctime --human --kernel --userspace --decode --follow --follow-new --reltime --notime --nopager --raw --syslog --show-delta --force-prefix --json', optional: '--color --time-format', values: '-l --level -f --facility --since --until -s --buffer-size', deny: { '-c': 'clears the kernel log', '--read-clear': 'clears the kernel log', '-C': 'clears the kernel log', '--clear': 'clears the kernel log', '-n': 'changes the console log level', '--console-level': 'changes the console log level', '-D': 'turns console logging off', '--console-off': 'turns console logging off', '-E': 'turns console logging on', '--console-on': 'turns console logging on', '-F': 'reads a file instead of the kernel buffer', '--file': 'reads a file instead of the kernel buffer' } }, operands: 'none' },
    findmnt: { options: { flags: '-a -A -b -c -D -e -f -J -k -l -m -n -r -R -s -u -U -v --all --ascii --bytes --canonicalize --df --evaluate --first-only --json --kernel --list --mtab --noheadings --raw --submounts --fstab --notruncate --real --pseudo --verify', values: '-o --output -O --options -t --types -S --source -T --target -d --direction -M --mountpoint -N --task -w --timeout' }, operands: 'words' },
    'systemd-analyze': { options: { flags: '--no-pager --user --system --no-legend --order', values: '--fuzz -H --host' }, operands: (ops) => (ops[0] && !['time', 'blame', 'critical-chain', 'dot', 'plot', 'verify', 'security', 'calendar', 'timespan', 'timestamp', 'unit-paths', 'log-level', 'dump'].includes(ops[0]) ? [approve(`systemd-analyze ${q(ops[0])} is not a read-only systemd-analyze command`)] : undefined) },
    'timedatectl hostnamectl localectl loginctl': { options: { flags: '--no-pager --no-ask-password -a --all --value -l --full', optional: '--json', values: '-p --property -H --host -M --machine' }, operands: (ops) => (ops[0] && !/^(status|show|list-\w+|show-\w+|session-status|user-status|seat-status|timesync-status|show-timesync)$/.test(ops[0]) ? [approve(`${q(ops[0])} changes system settings`)] : undefined) },
  }),
};
