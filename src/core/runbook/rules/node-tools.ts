/**
 * npm, yarn, pnpm: inspecting packages is a read; installing, building and running scripts are
 * not. `npm config list` and `npm config get` of a token would print credentials.
 */
import { cliRule, type SubShape } from './subcommands.js';
import { approve, q, type Verdict } from './types.js';

const LS: SubShape = { options: { flags: '--all -a --json --long -l --parseable -p --global -g --prod --production --dev --link --unicode --no-unicode', values: '--depth --omit --include -w --workspace' } };
const VIEW: SubShape = { options: { flags: '--json', values: '-w --workspace' } };
const noTokens = (ops: string[]): Verdict[] | undefined => {
  const bad = ops.find((o) => /token|auth|password|_pass/i.test(o));
  return bad ? [approve(`npm config get ${q(bad)} prints a credential`)] : undefined;
};

export const npm = cliRule({
  program: 'npm',
  interspersed: true,
  global: { flags: '--help -h --version -v --json --silent -s --quiet -q --no-color', values: '--prefix --loglevel -w --workspace' },
  read: {
    ls: LS, list: LS, ll: LS, la: LS, view: VIEW, v: VIEW, info: VIEW, show: VIEW, outdated: { options: { flags: '--all -a --json --long -l --parseable -p --global -g' } },
    prefix: { options: { flags: '-g --global' } }, root: { options: { flags: '-g --global' } }, bin: { options: { flags: '-g --global' } }, doctor: {}, ping: {}, whoami: {},
    explain: { options: { flags: '--json' } }, why: { options: { flags: '--json' } }, query: { options: { flags: '--json' } }, fund: { options: { flags: '--json' } },
    audit: { options: { flags: '--json --production --omit=dev', values: '--audit-level --omit' }, says: 'only reports (without fix)' },
    'config get': { operands: noTokens }, 'config list': { options: { flags: '--json -l --long' }, operands: () => [approve(`npm ${q('config list')} prints the configuration, which can hold registry tokens`)] },
    get: { operands: noTokens }, version: { options: { flags: '--json' }, operands: (ops) => (ops.length ? [approve(`npm version ${q(ops[0]!)} bumps the package version and commits`)] : undefined) },
    search: { options: { flags: '--json --long', values: '--searchlimit' } },
  },
  gated: {
    run: 'runs a package.json script', 'run-script': 'runs a package.json script', install: 'installs packages', i: 'installs packages', add: 'installs packages', ci: 'reinstalls node_modules',
    build: 'runs a build', test: 'runs a package.json script', t: 'runs a package.json script', start: 'starts the app', restart: 'restarts the app', stop: 'runs a package.json script',
    exec: 'runs a package binary', x: 'runs a package binary', publish: 'publishes a package', 'audit fix': 'changes installed packages', update: 'changes installed packages', uninstall: 'removes packages',
    rebuild: 'runs install scripts', link: 'links packages', prune: 'removes packages', dedupe: 'changes installed packages', 'config set': 'changes the configuration', 'config edit': 'opens an editor',
    init: 'creates a package', pack: 'writes a tarball', cache: 'changes the cache', login: 'stores credentials', token: 'manages tokens', edit: 'opens an editor', explore: 'runs a shell',
  },
});
const yarnLike = (program: string) =>
  cliRule({
    program,
    interspersed: true,
    global: { flags: '--help -h --version -v --json --silent -s', values: '--cwd' },
    read: { list: LS, ls: LS, info: VIEW, why: {}, outdated: {}, audit: { options: { flags: '--json --prod', values: '--audit-level' } }, view: VIEW, 'config get': { operands: noTokens } },
    gated: { install: 'installs packages', add: 'installs packages', run: 'runs a package.json script', build: 'runs a build', dlx: 'downloads and runs a package', exec: 'runs a package binary', test: 'runs a package.json script', start: 'starts the app' },
  });
export const yarn = yarnLike('yarn');
export const pnpm = yarnLike('pnpm');
