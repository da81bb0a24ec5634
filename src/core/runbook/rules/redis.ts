/**
 * redis-cli: the command's flags from @ioredis/commands decide (`readonly` = a read). Commands
 * without that flag count as writes, except a short list of server-information commands and
 * read-only subcommands of container commands (CONFIG GET, CLIENT LIST, SLOWLOG GET ...).
 */
import { exists, hasFlag as redisHasFlag } from '@ioredis/commands';
import { approve, isFileTarget, safe, type Rule } from './types.js';

const INFO_COMMANDS = new Set(['info', 'ping', 'time', 'echo', 'role', 'lastsave', 'dbsize']);
const READ_SUBCOMMANDS: Record<string, string[]> = {
  config: ['get'],
  client: ['list', 'info', 'getname', 'id'],
  slowlog: ['get', 'len'],
  memory: ['usage', 'stats', 'doctor', 'malloc-stats'],
  latency: ['latest', 'history', 'doctor', 'graph'],
  cluster: ['info', 'nodes', 'slots', 'shards', 'myid'],
  command: ['count', 'docs', 'info', 'list', 'getkeys'],
  xinfo: ['stream', 'groups', 'consumers'],
  object: ['encoding', 'freq', 'idletime', 'refcount'],
  acl: ['whoami', 'cat', 'users'],
  pubsub: ['channels', 'numsub', 'numpat'],
};
/** options with a value: -h host -p port -a pass -n db -u uri ... */
const VALUE_FLAGS = new Set(['-h', '-p', '-s', '-a', '-u', '-n', '-r', '-i', '-d', '-D', '--user', '--pass', '--askpass', '--sni', '--cacert', '--cacertdir', '--cert', '--key', '--tls-ciphers', '--pattern', '--count', '--quoted-pattern', '--memkeys-samples', '--functions-rdb', '--eval', '--rdb', '-e3']);
const READ_MODES = new Set(['--scan', '--bigkeys', '--memkeys', '--keystats', '--stat', '--latency', '--latency-history', '--latency-dist', '--hotkeys', '--intrinsic-latency', '--version', '-v']);

export const redisCli: Rule = (cmd) => {
  const words: string[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (words.length === 0 && a.startsWith('-')) {
      if (a === '--rdb' || a === '--functions-rdb') {
        const target = args[i + 1] ?? '';
        if (isFileTarget(target)) return approve(`redis-cli ${a} writes a dump file`);
      }
      if (a === '--eval') return approve('redis-cli --eval runs a Lua script');
      if (a === '--pipe') return approve('redis-cli --pipe sends commands from stdin');
      if (a === '-x') return approve('redis-cli -x reads the last argument from stdin');
      if (READ_MODES.has(a)) return safe(`redis-cli ${a} only reads`);
      if (VALUE_FLAGS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  const [name, sub] = words;
  if (!name) return approve(cmd.stdinOpaque ? 'redis-cli reads commands from a pipe or file' : 'redis-cli without a command opens an interactive session');
  const lc = name.toLowerCase();
  const label = name.toUpperCase();
  if (!exists(lc)) return approve(`redis-cli ${label} is not a known Redis command`);
  if (lc === 'monitor' || lc === 'subscribe' || lc === 'psubscribe' || lc === 'ssubscribe') {
    return safe(`redis-cli ${label} only reads (it streams until the step times out)`);
  }
  const subs = READ_SUBCOMMANDS[lc];
  if (subs) {
    const s = sub?.toLowerCase();
    if (s && subs.includes(s)) return safe(`redis-cli ${label} ${s.toUpperCase()} only reads`);
    return approve(`redis-cli ${label}${sub ? ' ' + sub.toUpperCase() : ''} is not a read-only subcommand`);
  }
  if (INFO_COMMANDS.has(lc)) return safe(`redis-cli ${label} only reads server information`);
  if (redisHasFlag(lc, 'readonly')) return safe(`redis-cli ${label} is a read-only command`);
  return approve(`redis-cli ${label} ${redisHasFlag(lc, 'write') ? 'writes data' : 'is not flagged read-only'}`);
};
