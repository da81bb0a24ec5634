/**
 * Hosting and SaaS CLIs small teams run from runbooks: wrangler (Cloudflare), vercel, supabase,
 * stripe, heroku. Listing, status, logs and inspection are reads; deploys, rollbacks, secret
 * changes and anything that prints secret values are gated. `wrangler d1 execute --command`
 * runs SQL, checked with SQLite's own read-only flag; --file runs SQL the reviewer cannot see.
 */
import { parseArgs, table } from './argv.js';
import { sqliteScriptVerdicts } from './sqlite.js';
import { cliRule, type SubShape } from './subcommands.js';
import { approve, q, type Rule } from './types.js';

const JSON_OUT: SubShape = { options: { flags: '--json' } };

const wranglerRule = cliRule({
  program: 'wrangler',
  interspersed: true,
  global: { flags: '--help -h --version -v --json --remote --local --preview --experimental-json-config', values: '-e --env --account-id --name', deny: { '-c': 'reads another configuration file, which can define build commands', '--config': 'reads another configuration file, which can define build commands', '--cwd': 'runs in another directory', '--env-file': 'reads an environment file' } },
  read: {
    whoami: {}, 'deployments list': JSON_OUT, 'deployments status': JSON_OUT, 'deployments view': JSON_OUT, 'versions list': JSON_OUT, 'versions view': JSON_OUT,
    tail: { options: { values: '--format --status --header --method --search --sampling-rate --ip --version-id', flags: '' }, says: 'only reads logs (it streams until the step times out)' },
    'd1 list': JSON_OUT, 'd1 info': JSON_OUT, 'd1 migrations list': {}, 'kv namespace list': {}, 'kv key list': { options: { values: '--namespace-id --binding --prefix' } },
    'kv key get': { options: { flags: '--text', values: '--namespace-id --binding' } }, 'secret list': {}, 'queues list': {}, 'r2 bucket list': {}, 'r2 bucket info': {},
    'pages deployment list': { options: { values: '--project-name --environment' } }, 'pages project list': {}, docs: {},
  },
  gated: {
    deploy: 'deploys a worker', publish: 'deploys a worker', rollback: 'rolls a worker back', delete: 'deletes a worker', 'secret put': 'changes a secret', 'secret delete': 'deletes a secret',
    'kv key put': 'writes a value', 'kv key delete': 'deletes a value', 'kv bulk': 'writes values', 'd1 migrations apply': 'changes the database schema', 'r2 object': 'reads or writes objects',
    dev: 'starts a development server', 'versions deploy': 'deploys a version', 'pages deploy': 'deploys a site', login: 'stores credentials',
  },
});
const D1 = table({ flags: '--remote --local --preview --json -y --yes', values: '-e --env --database', deny: { '--file': 'runs SQL from a file the classifier cannot see', '-c': 'reads another configuration file', '--config': 'reads another configuration file', '--persist-to': 'writes local state into a directory' } });
D1.opts.set('--command', { takes: 1 });

export const wrangler: Rule = (cmd, inner) => {
  const words = cmd.args.filter((a) => !a.startsWith('-'));
  if (words[0] === 'd1' && words[1] === 'execute') {
    const rest = [...cmd.args];
    rest.splice(rest.indexOf('d1'), 1);
    rest.splice(rest.indexOf('execute'), 1);
    const p = parseArgs('wrangler d1 execute', rest, D1, cmd);
    if (p.problems.length) return p.problems;
    const sql = p.options.find((o) => o.name === '--command')?.value;
    if (sql === undefined) return approve('wrangler d1 execute without --command runs SQL the classifier cannot see');
    return sqliteScriptVerdicts(sql, 'wrangler d1 execute');
  }
  return wranglerRule(cmd, inner);
};

const LIST: SubShape = { options: { flags: '--json', values: '--limit -n --next --meta -m --environment --status --sort' } };
export const vercel = cliRule({
  program: 'vercel',
  interspersed: true,
  global: { flags: '--help -h --version -v --no-color', values: '--token -t --scope -S --team -T', deny: { '-A': 'reads another local configuration', '--local-config': 'reads another local configuration', '-Q': 'reads another global configuration', '--global-config': 'reads another global configuration', '--cwd': 'runs in another directory', '-d': 'prints debug output, tokens included', '--debug': 'prints debug output, tokens included' } },
  read: {
    ls: LIST, list: LIST, logs: { options: { flags: '-f --follow --json', values: '--since --until -n --limit -o --output --level --query --environment --deployment' }, says: 'only reads logs' },
    inspect: { options: { flags: '--logs -l --wait --json', values: '--timeout' } }, whoami: {}, 'domains ls': LIST, 'domains inspect': {}, 'env ls': LIST, 'projects ls': LIST, 'project ls': LIST,
    'teams ls': LIST, 'certs ls': LIST, 'dns ls': LIST, 'alias ls': LIST, 'alias list': LIST, 'secrets ls': LIST, 'project inspect': {}, help: {},
  },
  gated: { rollback: 'switches production to another deployment', promote: 'switches production to another deployment', deploy: 'deploys', redeploy: 'deploys', remove: 'removes a deployment', rm: 'removes a deployment', 'env pull': 'writes an .env file with secrets', 'env add': 'changes environment variables', 'env rm': 'changes environment variables', pull: 'writes project settings and secrets to disk', link: 'changes the project link', dev: 'starts a development server', build: 'runs a build' },
});

const SB: SubShape = { options: { flags: '--linked --local', values: '--db-url -o --output' } };
export const supabase = cliRule({
  program: 'supabase',
  interspersed: true,
  global: { flags: '--help -h --version -v --experimental', values: '--project-ref --profile -o --output --dns-resolver', deny: { '--workdir': 'reads another project directory', '--debug': 'prints debug output, credentials included' } },
  read: {
    status: SB, 'projects list': SB, 'functions list': SB, 'migration list': SB, 'secrets list': SB, 'inspect db *': SB, 'orgs list': SB, 'branches list': SB, 'backups list': SB, services: SB,
    'db lint': { options: { flags: '--linked --local', values: '--db-url --schema -s --level --fail-on' } }, 'storage ls': SB, 'snippets list': SB, 'sso list': SB,
  },
  gated: { 'db push': 'changes the remote schema', 'db reset': 'drops and recreates the database', 'db pull': 'writes a migration file', 'db remote': 'changes migration state', 'db dump': 'dumps the whole database', 'functions deploy': 'deploys a function', 'secrets set': 'changes secrets', 'secrets unset': 'deletes secrets', 'migration repair': 'changes migration history', 'migration up': 'changes the database schema', link: 'links a project', start: 'starts containers', stop: 'stops containers', 'projects api-keys': 'prints API keys' },
});

const STRIPE_RESOURCES = ['customers', 'charges', 'payment_intents', 'invoices', 'subscriptions', 'events', 'balance_transactions', 'refunds', 'products', 'prices', 'payouts', 'disputes', 'webhook_endpoints', 'setup_intents', 'payment_methods', 'coupons', 'accounts', 'transfers', 'invoiceitems', 'plans', 'sources', 'tax_rates', 'promotion_codes', 'quotes', 'credit_notes', 'application_fees', 'topups'];
const STRIPE_READ: SubShape = { options: { flags: '--live', values: '--limit --starting-after --ending-before --expand -e --stripe-account --stripe-version --created --type --customer --status --email --subscription --invoice --payment-intent -d --data' } };
const stripeRead: Record<string, SubShape> = { get: STRIPE_READ, 'logs tail': { options: { values: '--filter-account --filter-http-method --filter-ip-address --filter-request-path --filter-request-status --filter-source --filter-status-code --filter-status-code-type --format' }, says: 'only reads logs (it streams until the step times out)' }, status: {}, version: {}, 'balance retrieve': STRIPE_READ, 'checkout sessions': STRIPE_READ };
for (const r of STRIPE_RESOURCES) {
  stripeRead[`${r} list`] = STRIPE_READ;
  stripeRead[`${r} retrieve`] = STRIPE_READ;
}
export const stripe = cliRule({
  program: 'stripe',
  interspersed: true,
  global: { flags: '--help -h --version -v', values: '--color --log-level --project-name -p --device-name', deny: { '--api-key': 'puts an API key in the command', '--config': 'reads another configuration file' } },
  read: stripeRead,
  gated: { 'events resend': 're-sends an event to webhook endpoints', post: 'writes through the API', delete: 'deletes through the API', trigger: 'creates test events', listen: 'forwards live webhook events', login: 'stores credentials', fixtures: 'creates objects', 'config --list': 'prints the configuration, keys included', config: 'reads or changes the configuration, keys included', open: 'opens a browser', samples: 'downloads code', serve: 'starts a server' },
});

const HK: SubShape = { options: { flags: '--json -x --extended -t --tail', values: '-a --app -r --remote -n --num -d --dyno -s --source --type' } };
export const heroku = cliRule({
  program: 'heroku',
  interspersed: true,
  global: { flags: '--help -h --version -v', values: '-a --app -r --remote' },
  read: Object.fromEntries(['ps', 'logs', 'releases', 'releases:info', 'apps', 'apps:info', 'info', 'status', 'domains', 'addons', 'pg:info', 'pg:ps', 'pg:diagnose', 'pg:locks', 'pg:outliers', 'pg:blocking', 'pg:long-running-queries', 'redis:info', 'maintenance', 'features', 'regions', 'stack', 'access', 'auth:whoami', 'whoami', 'version'].map((s) => [s, HK])),
  gated: { config: 'prints every config var, secrets included', 'config:get': 'prints a config var, which may be a secret', 'config:set': 'changes config vars', 'releases:rollback': 'rolls the app back', rollback: 'rolls the app back', restart: 'restarts dynos', 'ps:restart': 'restarts dynos', 'ps:scale': 'scales dynos', 'pg:kill': 'terminates a query', 'pg:killall': 'terminates every query', 'pg:psql': 'opens a database session', 'pg:credentials': 'prints database credentials', 'maintenance:on': 'takes the app offline', 'maintenance:off': 'brings the app online', run: 'runs a command on a dyno', 'auth:token': 'prints the API token' },
});
void q;
