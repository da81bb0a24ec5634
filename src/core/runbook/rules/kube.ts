/**
 * kubectl (and helm's read commands): get/describe/logs/top/... with declared options. Output
 * templates read from files (-o go-template-file=, --template), other kubeconfig files (an exec
 * plugin in one runs a program), `get secret` and `config view --raw` (credentials) are gated.
 */
import type { Check } from './argv.js';
import { cliRule, noSecrets } from './subcommands.js';

const output: Check = (v) => {
  if (/^(wide|yaml|json|name|jsonpath(-as-json)?=.*|custom-columns=.*|go-template=.*)$/.test(v) || /^\$/.test(v)) return undefined;
  return /-file=/.test(v) ? 'reads a template from a file' : 'is not an output format the classifier knows';
};
const GET = { flags: '-A --all-namespaces -w --watch --watch-only --no-headers --show-labels --show-kind --show-managed-fields --ignore-not-found --server-print', values: '-l --selector --field-selector --sort-by -L --label-columns --chunk-size --subresource', checked: { '-o': output, '--output': output, '--raw': (v: string) => (/secret/i.test(v) ? 'reads secrets through the raw API' : undefined) }, deny: { '--template': 'reads a template that may name a file', '-f': 'reads manifests from a file', '--filename': 'reads manifests from a file', '-k': 'reads a kustomization directory', '--kustomize': 'reads a kustomization directory' } };

export const kubectl = cliRule({
  program: 'kubectl',
  interspersed: true,
  global: {
    flags: '--help -h --version --insecure-skip-tls-verify --match-server-version',
    values: '-n --namespace --context --cluster --user --request-timeout -v --v --tls-server-name --as --as-group --as-uid',
    deny: { '-s': 'sends the cluster credentials to another server', '--server': 'sends the cluster credentials to another server', '--kubeconfig': 'reads another kubeconfig, whose exec plugins run programs', '--token': 'puts a credential in the command', '--certificate-authority': 'reads a file', '--client-certificate': 'reads a client key file', '--client-key': 'reads a private key file', '--cache-dir': 'writes a cache directory', '--profile-output': 'writes a profile file', '--username': 'uses basic auth', '--password': 'puts a credential in the command' },
  },
  read: {
    get: { options: GET, operands: noSecrets('kubectl get') },
    describe: { options: { flags: '-A --all-namespaces --show-events --show-events=false', values: '-l --selector --chunk-size', deny: GET.deny } },
    logs: { options: { flags: '-f --follow -p --previous --timestamps --all-containers --prefix --ignore-errors --insecure-skip-tls-verify-backend', values: '-c --container --tail --since --since-time --limit-bytes -l --selector --max-log-requests --pod-running-timeout' } },
    'top pods': { options: { flags: '-A --all-namespaces --containers --no-headers --sum --use-protocol-buffers', values: '-l --selector --sort-by' } },
    'top pod': { options: { flags: '-A --all-namespaces --containers --no-headers --sum', values: '-l --selector --sort-by' } },
    'top nodes': { options: { flags: '--no-headers --show-capacity', values: '-l --selector --sort-by' } },
    'top node': { options: { flags: '--no-headers --show-capacity', values: '-l --selector --sort-by' } },
    events: { options: { flags: '-A --all-namespaces -w --watch --no-headers', values: '--for --types', checked: { '-o': output, '--output': output } } },
    explain: { options: { flags: '--recursive', values: '--api-version --output' } },
    'api-resources': { options: { flags: '--namespaced --no-headers --cached', values: '--api-group --verbs --sort-by -o --output' } },
    'api-versions': {}, version: { options: { flags: '--client --short', checked: { '-o': output, '--output': output } } }, 'cluster-info': {},
    'config view': { options: { flags: '--minify', checked: { '-o': output, '--output': output }, deny: { '--raw': 'prints the credentials in the kubeconfig', '--flatten': 'prints the credentials in the kubeconfig' } } },
    'config current-context': {}, 'config get-contexts': { options: { flags: '--no-headers', values: '-o --output' } }, 'config get-clusters': {}, 'config get-users': {},
    'auth can-i': { options: { flags: '-A --all-namespaces --list --no-headers -q --quiet', values: '--subresource' } }, 'auth whoami': { options: { checked: { '-o': output } } },
    'rollout status': { options: { flags: '-w --watch', values: '--revision --timeout' } }, 'rollout history': { options: { values: '--revision', checked: { '-o': output } } },
    wait: { options: { flags: '--all -A --all-namespaces', values: '--for --timeout -l --selector' } },
  },
  gated: {
    exec: 'runs a command inside a container', attach: 'attaches to a running container', 'port-forward': 'opens a tunnel into the cluster', proxy: 'opens a proxy to the API server',
    cp: 'copies files into or out of a container', run: 'starts a pod', debug: 'starts a debug container', delete: 'deletes resources', apply: 'changes resources',
    create: 'creates resources', edit: 'changes resources', patch: 'changes resources', replace: 'replaces resources', label: 'changes labels', annotate: 'changes annotations',
    scale: 'changes replica counts', autoscale: 'changes autoscaling', 'rollout restart': 'restarts a workload', 'rollout undo': 'rolls a workload back', 'rollout pause': 'pauses a rollout',
    'rollout resume': 'resumes a rollout', cordon: 'stops scheduling on a node', uncordon: 'resumes scheduling on a node', drain: 'evicts every pod from a node', taint: 'changes node taints',
    'cluster-info dump': 'dumps the whole cluster state, secrets included', 'config set-context': 'changes the kubeconfig', 'config use-context': 'changes the kubeconfig',
    'set': 'changes resources', expose: 'creates a service', certificate: 'approves or denies certificates', plugin: 'runs plugins',
  },
});
