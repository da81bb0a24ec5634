/**
 * redis-cli: declared options, then one command, allowed only when @ioredis/commands flags it
 * `readonly` (or it is a read-only subcommand of a container command such as CLIENT LIST). Never
 * EVAL*, FCALL*, SCRIPT, FUNCTION, CONFIG (CONFIG GET prints requirepass), MODULE, DEBUG, ACL,
 * and never the modes that run scripts, read arguments from stdin, write dump files or act as
 * a replica. Commands in a heredoc are checked line by line.
 */
import { exists, hasFlag as redisHasFlag } from '@ioredis/commands';
import { parseArgs, table } from './argv.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const INFO_COMMANDS = new Set(['info', 'ping', 'time', 'echo', 'role', 'lastsave', 'dbsize', 'lolwut']);
const NEVER = /^(eval|eval_ro|evalsha|evalsha_ro|fcall|fcall_ro|script|function|config|module|debug|acl|sync|psync|replicaof|slaveof|shutdown|failover|migrate|restore|auth|hello|sort)$/;
const READ_SUBCOMMANDS: Record<string, string[]> = {
  client: ['list', 'info', 'getname', 'id'],
  slowlog: ['get', 'len'],
  memory: ['usage', 'stats', 'doctor', 'malloc-stats'],
  latency: ['latest', 'history', 'doctor', 'graph', 'histogram'],
  cluster: ['info', 'nodes', 'slots', 'shards', 'myid', 'keyslot', 'countkeysinslot', 'links'],
  command: ['count', 'docs', 'info', 'list', 'getkeys'],
  xinfo: ['stream', 'groups', 'consumers'],
  object: ['encoding', 'freq', 'idletime', 'refcount'],
  pubsub: ['channels', 'numsub', 'numpat', 'shardchannels', 'shardnumsub'],
};
const STREAMING = new Set(['monitor', 'subscribe', 'psubscribe', 'ssubscribe']);

const REDIS = table({
  flags: '--no-auth-warning --tls --insecure --raw --no-raw --csv --json --quoted-json -2 -3 -c -e --verbose --version -v --help --latency --latency-history --latency-dist --stat --bigkeys --memkeys --hotkeys --keystats --scan',
  values: '-h -p -s -a --user --pass -u -n -i -r -d -D --sni --tls-ciphers --tls-ciphersuites --pattern --quoted-pattern --count --memkeys-samples -t --intrinsic-latency --cacert --cacertdir --cert --key',
  deny: {
    '--eval': 'runs a Lua script', '-x': 'reads the last argument from its input', '-X': 'reads an argument from its input', '--pipe': 'sends raw commands from its input', '--pipe-timeout': 'sends raw commands from its input',
    '--rdb': 'writes a dump file', '--functions-rdb': 'writes a dump file', '--replica': 'acts as a replica and streams every write', '--slave': 'acts as a replica and streams every write',
    '--askpass': 'prompts for a password', '--lru-test': 'writes test keys', '--cluster': 'runs the cluster manager, which can reshard and fix the cluster', '--ldb': 'debugs a Lua script', '--ldb-sync-mode': 'debugs a Lua script',
  },
});

export function redisCommand(words: string[], where = 'redis-cli'): Verdict {
  const [name, sub] = words;
  const lc = name!.toLowerCase();
  const label = name!.toUpperCase();
  if (NEVER.test(lc)) return approve(`${where} ${q(label)} is never read-only here (it runs scripts, changes the server or prints credentials)`);
  if (!exists(lc)) return approve(`${where} ${q(label)} is not a known Redis command`);
  if (STREAMING.has(lc)) return safe(`${where} ${label} only reads (it streams until the step times out)`);
  const subs = READ_SUBCOMMANDS[lc];
  if (subs) {
    const s = sub?.toLowerCase();
    if (s && subs.includes(s)) return safe(`${where} ${label} ${s.toUpperCase()} only reads`);
    return approve(`${where} ${q(`${label}${sub ? ' ' + sub.toUpperCase() : ''}`)} is not a read-only subcommand`);
  }
  if (INFO_COMMANDS.has(lc)) return safe(`${where} ${label} only reads server information`);
  if (redisHasFlag(lc, 'readonly')) return safe(`${where} ${label} is a read-only command`);
  return approve(`${where} ${q(label)} ${redisHasFlag(lc, 'write') ? 'writes data' : 'is not flagged read-only'}`);
}

export const redisCli: Rule = (cmd) => {
  const p = parseArgs('redis-cli', cmd.args, REDIS, cmd, { posixOrder: true });
  if (p.problems.length) return p.problems;
  const mode = p.options.find((o) => /^--(latency|latency-history|latency-dist|stat|bigkeys|memkeys|hotkeys|keystats|scan|intrinsic-latency|version)$|^-v$/.test(o.name));
  if (p.positionals.length) return redisCommand(p.positionals);
  if (mode) return safe(`redis-cli ${mode.name} only reads`);
  if (cmd.stdinText !== undefined) {
    const lines = cmd.stdinText.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    return lines.length ? lines.map((l) => redisCommand(l.split(/\s+/))) : [approve('redis-cli reads an empty script')];
  }
  return approve(cmd.stdinOpaque ? 'redis-cli reads commands from a pipe or file the classifier cannot see' : 'redis-cli without a command opens an interactive session');
};
