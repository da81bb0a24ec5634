/**
 * pm2: list/status/logs/describe/... with declared options. Everything that starts, stops,
 * restarts, deletes, flushes logs or saves the process list is gated; `pm2 env` prints a process's
 * environment (secrets), so it is gated too; monit and dashboard are interactive.
 */
import { cliRule } from './subcommands.js';
import { approve, manual, q, type Rule } from './types.js';

const pm2Rule = cliRule({
  program: 'pm2',
  interspersed: true,
  global: { flags: '--help -h --version -v -V -s --silent --no-color --mini-list -m', values: '--sort' },
  read: {
    list: {}, ls: {}, l: {}, status: {}, jlist: {}, prettylist: {}, show: {}, describe: {}, info: {}, id: {}, pid: {}, report: {}, version: {}, ping: {},
    logs: { options: { flags: '--nostream --raw --err --out --json --format --merge-logs', values: '--lines --timestamp --highlight' }, says: 'only reads logs' },
    log: { options: { flags: '--nostream --raw --err --out --json --format', values: '--lines --timestamp' }, says: 'only reads logs' },
  },
  gated: {
    restart: 'restarts the process', reload: 'reloads the process', stop: 'stops the process', start: 'starts a process', delete: 'removes the process from PM2', del: 'removes the process from PM2',
    kill: 'kills the PM2 daemon', flush: 'deletes the log files', scale: 'changes the instance count', save: 'overwrites the saved process list', resurrect: 'restarts saved processes',
    update: 'restarts the PM2 daemon', reset: 'resets counters', env: "prints the process's environment, which holds secrets", deploy: 'deploys', install: 'installs a module', set: 'changes module settings',
    startup: 'installs a boot service', unstartup: 'removes the boot service', reloadLogs: 'reopens log files', sendSignal: 'signals a process', trigger: 'runs a process action', link: 'connects to a monitoring service', plus: 'connects to a monitoring service',
  },
});

export const pm2: Rule = (cmd, inner) => {
  const sub = cmd.args.find((a) => !a.startsWith('-'));
  if (sub === 'monit' || sub === 'dashboard' || sub === 'dash') return manual(`pm2 ${q(sub)} is an interactive dashboard; run it in a terminal`);
  // the JSON lists carry every process's whole environment: fine into jq, not straight into the channel
  if ((sub === 'jlist' || sub === 'prettylist') && !cmd.stdoutPiped) return approve(`pm2 ${q(sub)} prints every process's environment, which holds secrets; pipe it through jq to pick the fields you need`);
  return pm2Rule(cmd, inner);
};
