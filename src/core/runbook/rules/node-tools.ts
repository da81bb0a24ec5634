/** npm/npx/yarn/pnpm/node: inspecting is fine; installing, building and running scripts are not. */
import { subcommandRule } from './subcommands.js';
import { approve, hasFlag, safe, type Rule } from './types.js';

export const npm = subcommandRule({
  program: 'npm',
  valueFlags: ['--prefix', '-w', '--workspace', '--registry', '--depth'],
  read: ['ls', 'list', 'll', 'la', 'view', 'v', 'info', 'show', 'outdated', 'config get', 'config list', 'get', 'prefix', 'root', 'bin', 'doctor', 'ping', 'whoami', 'help', 'search', 'explain', 'why', 'query', 'fund', 'version --json'],
  reasons: { run: 'runs a package.json script', 'run-script': 'runs a package.json script', install: 'installs packages', i: 'installs packages', ci: 'reinstalls node_modules', build: 'runs a build', test: 'runs a package.json script', start: 'starts the app', restart: 'restarts the app', stop: 'runs a package.json script', exec: 'runs a package binary', publish: 'publishes a package', audit: 'may change packages (audit fix)' },
  check: (args, words) => (words[0] === 'audit' && !words.includes('fix') ? safe('npm audit (without fix) only reports') : undefined),
});

export const yarnOrPnpm = (program: string): Rule =>
  subcommandRule({
    program,
    read: ['list', 'ls', 'info', 'why', 'outdated', 'config get', 'audit', 'view'],
    reasons: { install: 'installs packages', add: 'installs packages', run: 'runs a package.json script', build: 'runs a build', dlx: 'downloads and runs a package', exec: 'runs a package binary' },
  });

export const npx: Rule = (cmd) => approve(`npx ${cmd.args.find((a) => !a.startsWith('-')) ?? ''} runs a package binary (which may download it)`.replace('  ', ' '));

export const node: Rule = (cmd) => {
  if (hasFlag(cmd.args, '-e', '--eval', '-p', '--print')) return approve('node -e runs an inline script');
  if (cmd.args.length === 1 && hasFlag(cmd.args, '--version', '-v')) return safe('node --version only prints information');
  return approve(`node ${cmd.args[0] ?? ''} runs a script`.trim());
};
