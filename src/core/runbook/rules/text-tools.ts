/**
 * Everyday read-only tools (cat, grep, jq, ps, df, ...) with the few flags that make them write:
 * sed -i, sort -o, tee FILE, find -delete/-exec, date -s, awk system()/print > file.
 * Reading a secrets file (.env, *.pem) is gated: its contents would be posted to the channel.
 */
import { approve, hasFlag, isFileTarget, isSecretsFile, manual, positionals, safe, type Rule, type Verdict } from './types.js';

/** Programs with no writing mode worth worrying about. */
const READ_ONLY = [
  'cat', 'head', 'tail', 'less', 'more', 'grep', 'egrep', 'fgrep', 'rg', 'jq', 'wc', 'cut', 'tr', 'echo', 'printf', 'uptime', 'whoami',
  'id', 'uname', 'df', 'du', 'free', 'ps', 'pgrep', 'pidof', 'vmstat', 'iostat', 'mpstat', 'sar', 'lsof', 'netstat', 'ss', 'dig',
  'nslookup', 'host', 'traceroute', 'tracepath', 'mtr', 'ping', 'ping6', 'which', 'whereis', 'type', 'ls', 'stat', 'file', 'diff', 'cmp',
  'basename', 'dirname', 'realpath', 'readlink', 'pwd', 'seq', 'xxd', 'od', 'hexdump', 'base64', 'sha256sum', 'sha1sum', 'md5sum',
  'tree', 'column', 'nproc', 'lscpu', 'lsblk', 'getent', 'last', 'w', 'who', 'printenv', 'true', 'false', 'sleep', 'test', '[',
  'cd', 'export', 'set', 'unset', 'local', 'declare', 'readonly', 'shift', 'return', 'exit', ':', 'read', 'wait', 'alias',
  'umask', 'ulimit', 'nl', 'fold', 'fmt', 'rev', 'tac', 'paste', 'join', 'comm', 'expand', 'zcat', 'zgrep', 'bzcat', 'xzcat', 'strings',
  'locale', 'tty', 'groups', 'arch', 'zless', 'expr', 'bc', 'numfmt', 'iconv', 'fc-list',
  'pstree', 'lsmod', 'systemd-analyze',
];

const readOnly: Rule = (cmd) => secretsCheck(cmd.program, cmd.args) ?? safe(`${cmd.program} only reads`);

function secretsCheck(program: string, args: string[]): Verdict | undefined {
  const secret = args.find((a) => !a.startsWith('-') && isSecretsFile(a));
  return secret ? approve(`${program} ${secret} reads a secrets file; its contents would be posted to the channel`) : undefined;
}

export const textTools: Record<string, Rule> = Object.fromEntries(READ_ONLY.map((p) => [p, readOnly]));

textTools.sed = (cmd) => {
  if (cmd.args.some((a) => a === '-i' || a.startsWith('-i') || a.startsWith('--in-place') || /^-[a-zA-Z]*i/.test(a))) return approve('sed -i edits files in place');
  return secretsCheck('sed', cmd.args) ?? safe('sed without -i only prints');
};
textTools.awk = textTools.gawk = textTools.mawk = (cmd) => {
  const program = cmd.args.find((a) => !a.startsWith('-')) ?? '';
  if (/system\s*\(|\|\s*getline|\bprintf?\b[^;}]*(>|\|)\s*"|\bfflush\b/.test(program)) return approve('awk program runs commands or writes files');
  return secretsCheck('awk', cmd.args.slice(1)) ?? safe('awk only reads');
};
textTools.sort = (cmd) => (hasFlag(cmd.args, '-o', '--output') ? approve('sort -o writes a file') : safe('sort only reads'));
textTools.uniq = (cmd) => (positionals(cmd.args, new Set(['-f', '-s', '-w'])).length > 1 ? approve('uniq INPUT OUTPUT writes a file') : safe('uniq only reads'));
textTools.tee = (cmd) => {
  const files = positionals(cmd.args).filter(isFileTarget);
  return files.length ? approve(`tee ${files[0]} writes a file`) : safe('tee without a file only copies to stdout');
};
textTools.date = (cmd) => (hasFlag(cmd.args, '-s', '--set') ? approve('date -s sets the system clock') : safe('date only reads the clock'));
textTools.hostname = (cmd) => (positionals(cmd.args).length ? approve('hostname NAME renames the host') : safe('hostname only reads'));
textTools.find = (cmd) => {
  const bad = cmd.args.find((a) => ['-exec', '-execdir', '-ok', '-okdir'].includes(a));
  if (bad) return approve(`find ${bad} runs a command for each file`);
  const write = cmd.args.find((a) => ['-delete', '-fprint', '-fprint0', '-fprintf', '-fls'].includes(a));
  if (write) return approve(`find ${write} ${write === '-delete' ? 'deletes files' : 'writes a file'}`);
  return safe('find without -exec/-delete only lists files');
};
textTools.dmesg = (cmd) => (hasFlag(cmd.args, '-c', '-C', '--clear', '--read-clear', '-n', '--console-level', '-D', '-E') ? approve('dmesg -c/-C/-n changes the kernel log') : safe('dmesg only reads'));
textTools.sysctl = (cmd) => (hasFlag(cmd.args, '-w', '--write', '-p', '--load', '--system') || cmd.args.some((a) => a.includes('=')) ? approve('sysctl -w changes kernel settings') : safe('sysctl only reads'));
textTools.mount = (cmd) => (cmd.args.length === 0 ? safe('mount without arguments lists mounts') : approve('mount changes mounts'));
textTools.ip = (cmd) => {
  const verbs = ['add', 'del', 'delete', 'set', 'flush', 'change', 'replace', 'append', 'prepend', 'link-set'];
  const bad = cmd.args.find((a) => verbs.includes(a));
  return bad ? approve(`ip ... ${bad} changes network configuration`) : safe('ip show/list only reads');
};
textTools.top = (cmd) => (cmd.args.some((a) => /^-[a-zA-Z]*b/.test(a)) ? safe('top -b (batch mode) only reads') : manual('top without -b is interactive; run it in a terminal (or use top -b -n 1)'));
textTools.htop = textTools.btop = textTools.glances = (cmd) => manual(`${cmd.program} is interactive; run it in a terminal`);
textTools.nc = textTools.ncat = textTools.netcat = (cmd) => (cmd.args.some((a) => /^-[a-zA-Z]*z/.test(a)) ? safe(`${cmd.program} -z only probes the port`) : approve(`${cmd.program} can send arbitrary data`));
textTools.openssl = (cmd) => {
  const sub = cmd.args[0];
  if (sub === 's_client' || sub === 'version' || sub === 'ciphers') return safe(`openssl ${sub} only reads`);
  if (sub === 'x509' && !hasFlag(cmd.args, '-out')) return safe('openssl x509 without -out only reads');
  return approve(`openssl ${sub ?? ''} is not on the read-only list`.trim());
};
textTools.yq = (cmd) => (hasFlag(cmd.args, '-i', '--inplace') ? approve('yq -i edits files in place') : safe('yq without -i only reads'));
textTools.pkill = textTools.kill = textTools.killall = (cmd) => approve(`${cmd.program} sends signals to processes`);
textTools.rm = (cmd) => approve(`rm deletes files${hasFlag(cmd.args, '-rf', '-fr', '-r', '-R', '--recursive') ? ' recursively' : ''}`);
textTools.trap = (cmd) => (cmd.args.length === 0 || cmd.args[0] === '-l' || cmd.args[0] === '-p' ? safe('trap -l/-p only lists') : approve('trap runs a command when a signal arrives'));
textTools.hostnamectl = textTools.timedatectl = textTools.loginctl = (cmd) =>
  cmd.args.some((a) => /^(set-|terminate|kill|lock|enable|disable)/.test(a)) ? approve(`${cmd.program} ${cmd.args[0]} changes system settings`) : safe(`${cmd.program} only reads`);
