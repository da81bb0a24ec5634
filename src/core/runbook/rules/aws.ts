/**
 * aws CLI: describe-*, list-* and get-* operations are reads, except those that return secrets,
 * credentials or signed URLs. Operation parameters are data (`--instance-ids i-1`), but a value
 * `file://` or `fileb://` makes the CLI read a local file, --cli-input-* reads parameters from a
 * file, and --endpoint-url/--debug/--ca-bundle change where requests go or what is printed.
 */
import { approve, q, safe, type Rule } from './types.js';

const SECRET_OPS = new Set([
  'get-secret-value', 'batch-get-secret-value', 'get-login-password', 'get-authorization-token', 'get-session-token', 'get-federation-token', 'get-access-key-info',
  'get-parameter', 'get-parameters', 'get-parameters-by-path', 'get-parameter-history', 'get-object', 'get-role-credentials', 'get-credentials-for-identity', 'get-open-id-token',
  'get-function', 'get-function-configuration', 'get-layer-version', 'get-password-data', 'get-console-output', 'get-console-screenshot', 'get-key-pair', 'get-data-key',
  'get-secret', 'get-certificate', 'get-ssh-public-key', 'get-cluster-credentials', 'get-db-auth-token', 'get-temporary-credentials', 'get-id', 'get-token', 'get-login-profile',
  'get-app-instance-user-endpoint', 'describe-task-definition', 'get-connection', 'get-job', 'get-download-url-for-layer', 'get-template', 'list-secret-version-ids',
]);
const GLOBAL_VALUE = new Set(['--region', '--profile', '--output', '--query', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--max-items', '--page-size', '--starting-token']);
const GLOBAL_FLAG = new Set(['--no-paginate', '--no-cli-pager', '--no-sign-request', '--no-verify-ssl', '--no-cli-auto-prompt', '--version', '--help']);
const DENY: Record<string, string> = {
  '--cli-input-json': 'reads the parameters from a file', '--cli-input-yaml': 'reads the parameters from a file', '--endpoint-url': 'sends the signed request to another endpoint',
  '--debug': 'prints request details, credentials included', '--ca-bundle': 'reads a certificate file', '--generate-cli-skeleton': 'writes a parameter skeleton', '--cli-auto-prompt': 'prompts interactively',
  '--outfile': 'writes a file',
};

export const aws: Rule = (cmd) => {
  const words: string[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const value = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    if (name in DENY) return approve(`aws ${q(name)} ${DENY[name]}`);
    if (a.startsWith('--')) {
      if (GLOBAL_FLAG.has(name)) continue;
      if (words.length < 2 && !GLOBAL_VALUE.has(name)) return approve(`aws option ${q(name)} before the operation is not on the read-only list`);
      const v = value ?? (i + 1 < args.length && !args[i + 1]!.startsWith('--') ? args[++i] : undefined);
      if (v !== undefined && /^fileb?:\/\//i.test(v)) return approve(`aws ${q(`${name} ${v}`)} reads a local file into the request`);
      continue;
    }
    if (a.startsWith('-') && a !== '-') return approve(`aws option ${q(a)} is not on the read-only list`);
    if (/^fileb?:\/\//i.test(a)) return approve(`aws ${q(a)} reads a local file into the request`);
    words.push(a);
  }
  const [service, op] = words;
  if (!service) return args.includes('--version') ? safe('aws --version only prints its version') : approve('aws without a service is not a read-only aws command');
  if (!op) return approve(`aws ${q(service)} without an operation is not a read-only aws command`);
  if (service === 'configure') return approve(`aws ${q('configure ' + op)} reads or changes stored credentials`);
  if (service === 's3') return op === 'ls' ? safe('aws s3 ls only lists objects') : approve(`aws s3 ${q(op)} copies, moves, deletes or signs objects`);
  if (service === 'logs' && (op === 'tail' || op === 'filter-log-events' || op === 'get-log-events')) return safe(`aws logs ${op} only reads logs`);
  if (service === 'sts' && op === 'get-caller-identity') return safe('aws sts get-caller-identity only reads');
  if (SECRET_OPS.has(op)) return approve(`aws ${service} ${q(op)} returns secrets, credentials or signed data`);
  if (/^(describe|list|get)-/.test(op)) return safe(`aws ${service} ${op} only reads`);
  return approve(`aws ${service} ${q(op)} is not a describe, list or get operation`);
};
