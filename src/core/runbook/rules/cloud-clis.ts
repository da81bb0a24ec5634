/**
 * Subcommand lists for the CLIs small SaaS runbooks use: kubectl, pm2, docker, systemctl,
 * vercel, wrangler, supabase, stripe, heroku. Read-only subcommands run; everything else is gated.
 */
import { sqliteScriptVerdicts } from './sqlite.js';
import { subcommandRule } from './subcommands.js';
import { approve, flagValue, hasFlag, safe, type Rule } from './types.js';

export const kubectl = subcommandRule({
  program: 'kubectl',
  valueFlags: ['-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '-l', '--selector', '-o', '--output', '-c', '--container', '--field-selector', '--since', '--tail', '--token'],
  read: ['get', 'describe', 'logs', 'top', 'explain', 'api-resources', 'api-versions', 'cluster-info', 'version', 'events',
    'config view', 'config get-contexts', 'config current-context', 'config get-clusters', 'auth can-i', 'auth whoami',
    'rollout status', 'rollout history'],
  reasons: {
    exec: 'runs a command inside a container', attach: 'attaches to a running container', 'port-forward': 'opens a tunnel into the cluster',
    cp: 'copies files into or out of a container', run: 'starts a pod', debug: 'starts a debug container', delete: 'deletes resources',
    apply: 'changes resources', scale: 'changes replica counts', 'rollout restart': 'restarts a workload', 'rollout undo': 'rolls a workload back',
    'cluster-info dump': 'dumps the whole cluster state',
  },
  check: (_args, words) => (words[0] === 'cluster-info' && words[1] === 'dump' ? approve('kubectl cluster-info dump dumps the whole cluster state') : undefined),
});

export const pm2: Rule = (cmd, inner) => {
  const sub = cmd.args.find((a) => !a.startsWith('-'));
  if (sub === 'monit' || sub === 'dashboard' || sub === 'dash') return { safety: 'manual', reason: `pm2 ${sub} is an interactive dashboard; run it in a terminal` };
  if (sub === 'logs' || sub === 'log') {
    return hasFlag(cmd.args, '--nostream')
      ? safe('pm2 logs --nostream is read-only')
      : safe('pm2 logs is read-only (without --nostream it streams until the step times out)');
  }
  return pm2Rest(cmd, inner);
};
const pm2Rest = subcommandRule({
  program: 'pm2',
  valueFlags: ['--lines', '--format'],
  read: ['list', 'ls', 'l', 'status', 'jlist', 'prettylist', 'show', 'describe', 'info', 'env', 'report', 'id', 'pid', 'version'],
  reasons: { restart: 'restarts the process', reload: 'reloads the process', stop: 'stops the process', start: 'starts a process', delete: 'removes the process from PM2', kill: 'kills the PM2 daemon', flush: 'deletes the log files', scale: 'changes the instance count' },
});

export const docker = subcommandRule({
  program: 'docker',
  valueFlags: ['-H', '--host', '--context', '--config', '-f', '--filter', '--format', '--tail', '--since', '--until', '-n', '--log-level'],
  read: ['ps', 'logs', 'inspect', 'images', 'top', 'version', 'info', 'port', 'diff', 'history', 'events', 'stats',
    'container ls', 'container ps', 'container list', 'container inspect', 'container logs', 'container top', 'container port', 'container stats', 'container diff',
    'image ls', 'image list', 'image inspect', 'image history', 'network ls', 'network inspect', 'volume ls', 'volume inspect',
    'system df', 'system info', 'context ls', 'context show', 'node ls', 'service ls', 'service ps', 'service logs', 'service inspect',
    'compose ps', 'compose logs', 'compose config', 'compose images', 'compose top', 'compose ls', 'compose version', 'compose port'],
  reasons: { exec: 'runs a command inside a container', run: 'starts a container', 'compose exec': 'runs a command inside a container', 'compose run': 'starts a container', rm: 'removes containers', restart: 'restarts a container', stop: 'stops a container', kill: 'kills a container', 'system prune': 'deletes unused data' },
});

const systemctlRule = subcommandRule({
  program: 'systemctl',
  valueFlags: ['-t', '--type', '--state', '-p', '--property', '-H', '--host', '-M', '--machine', '-n', '--lines', '-o', '--output'],
  read: ['status', 'is-active', 'is-enabled', 'is-failed', 'is-system-running', 'list-units', 'list-unit-files', 'list-timers', 'list-sockets', 'list-dependencies', 'list-jobs', 'show', 'cat', 'get-default', 'help'],
  reasons: { restart: 'restarts a service', stop: 'stops a service', start: 'starts a service', reload: 'reloads a service', enable: 'changes boot configuration', disable: 'changes boot configuration', kill: 'signals a service' },
});
export const systemctl: Rule = (cmd, inner) => (cmd.args.length === 0 ? safe('systemctl without arguments lists units') : systemctlRule(cmd, inner));

export const journalctl: Rule = (cmd) => {
  if (hasFlag(cmd.args, '--vacuum-size', '--vacuum-time', '--vacuum-files', '--rotate', '--flush', '--sync', '--relinquish-var', '--smart-relinquish-var', '--setup-keys', '--update-catalog'))
    return approve('journalctl --vacuum/--rotate/--flush changes the journal');
  return safe(hasFlag(cmd.args, '-f', '--follow') ? 'journalctl -f is read-only (it streams until the step times out)' : 'journalctl only reads logs');
};

export const vercel = subcommandRule({
  program: 'vercel',
  valueFlags: ['--token', '--scope', '-S', '--team', '-T', '--cwd', '-A', '--local-config', '-Q', '--global-config', '--since', '--until', '-o', '--output'],
  read: ['ls', 'list', 'logs', 'inspect', 'whoami', 'domains ls', 'domains inspect', 'env ls', 'projects ls', 'project ls', 'teams ls', 'certs ls', 'dns ls', 'alias ls', 'alias list', 'secrets ls', 'help', '--version'],
  reasons: { rollback: 'switches production to another deployment', promote: 'switches production to another deployment', deploy: 'deploys', remove: 'removes a deployment', rm: 'removes a deployment', 'env pull': 'writes an .env file', 'env add': 'changes environment variables', 'env rm': 'changes environment variables', redeploy: 'deploys' },
});

const wranglerRest = subcommandRule({
  program: 'wrangler',
  valueFlags: ['-c', '--config', '-e', '--env', '--format', '--binding', '--namespace-id', '--account-id'],
  read: ['whoami', 'tail', 'deployments list', 'deployments status', 'deployments view', 'versions list', 'versions view', 'd1 list', 'd1 info',
    'kv:namespace list', 'kv:key list', 'kv:key get', 'kv namespace', 'kv key', 'secret list', 'queues list', 'pages deployment', 'r2 bucket', 'd1 migrations', 'docs', '--version'],
  reasons: { deploy: 'deploys a worker', publish: 'deploys a worker', rollback: 'rolls a worker back', delete: 'deletes a worker' },
  check: (args, words) => {
    // kv/pages/r2/d1 migrations need a closer look at the third word
    const third = words[2];
    if ((words[0] === 'kv' && (words[1] === 'namespace' || words[1] === 'key')) || words[0] === 'pages' || (words[0] === 'r2' && words[1] === 'bucket') || (words[0] === 'd1' && words[1] === 'migrations')) {
      if (third === 'list' || third === 'get' || third === 'info') return safe(`wrangler ${words.slice(0, 3).join(' ')} is read-only`);
      return approve(`wrangler ${words.slice(0, 3).join(' ')} changes ${words[0]} state`);
    }
    if (words[0] === 'kv:key' && words[1] === 'get' && hasFlag(args, '--text')) return safe('wrangler kv:key get is read-only');
    return undefined;
  },
});

/** wrangler d1 execute DB --command "SQL": SQLite's own readonly check on each statement. */
export const wrangler: Rule = (cmd, inner) => {
  const words = cmd.args.filter((a) => !a.startsWith('-'));
  if (words[0] === 'd1' && words[1] === 'execute') {
    const file = flagValue(cmd.args, '--file');
    if (file !== undefined) return approve(`wrangler d1 execute --file ${file} runs SQL from a file the classifier cannot see`);
    const sql = flagValue(cmd.args, '--command');
    if (sql === undefined) return approve('wrangler d1 execute without --command');
    return sqliteScriptVerdicts(sql, 'wrangler d1 execute');
  }
  return wranglerRest(cmd, inner);
};

export const supabase = subcommandRule({
  program: 'supabase',
  valueFlags: ['--project-ref', '--workdir', '--db-url', '-o', '--output', '--profile'],
  read: ['status', 'projects list', 'functions list', 'migration list', 'secrets list', 'inspect db', 'inspect *', 'orgs list', 'branches list', 'backups list', 'services', 'db lint', 'help', '--version', 'link --help'],
  reasons: { 'db push': 'changes the remote schema', 'db reset': 'drops and recreates the database', 'db pull': 'writes a migration file', 'db remote': 'changes migration state', 'db dump': 'dumps the whole database', 'functions deploy': 'deploys a function', 'secrets set': 'changes secrets', 'migration repair': 'changes migration history' },
});

export const stripe: Rule = (cmd, inner) => {
  const words = cmd.args.filter((a) => !a.startsWith('-'));
  if (words[0] === 'get') return safe('stripe get only reads the API');
  if (words[0] === 'logs' && words[1] === 'tail') return safe('stripe logs tail only reads (it streams until the step times out)');
  if (words.length >= 2 && (words[1] === 'list' || words[1] === 'retrieve')) return safe(`stripe ${words[0]} ${words[1]} only reads the API`);
  return stripeRest(cmd, inner);
};
const stripeRest = subcommandRule({
  program: 'stripe',
  valueFlags: ['--api-key', '--project-name', '-p', '--color', '--log-level', '--config', '--device-name'],
  read: ['status', 'version', 'help', 'config --list', 'open'],
  reasons: { 'events resend': 're-sends an event to webhook endpoints', post: 'writes through the API', delete: 'deletes through the API', trigger: 'creates test events', listen: 'forwards live webhook events', login: 'stores credentials', fixtures: 'creates objects' },
});

export const heroku = subcommandRule({
  program: 'heroku',
  valueFlags: ['-a', '--app', '-r', '--remote', '-n', '--num', '-d', '--dyno', '-t', '--tail', '-s', '--source'],
  read: ['ps', 'logs', 'releases', 'releases:info', 'apps', 'apps:info', 'info', 'status', 'domains', 'addons', 'pg:info', 'pg:ps', 'pg:diagnose', 'pg:locks', 'pg:outliers', 'pg:blocking', 'pg:long-running-queries', 'redis:info', 'maintenance', 'features', 'regions', 'stack', 'access', 'auth:whoami', 'whoami', 'version', '--version'],
  reasons: { config: 'prints every config var (secrets)', 'config:get': 'prints a config var (a secret)', 'releases:rollback': 'rolls the app back', rollback: 'rolls the app back', restart: 'restarts dynos', 'ps:restart': 'restarts dynos', 'ps:scale': 'scales dynos', 'pg:kill': 'terminates a query', 'pg:killall': 'terminates every query', 'maintenance:on': 'takes the app offline', 'maintenance:off': 'brings the app online' },
});
