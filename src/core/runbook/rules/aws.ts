/** aws CLI: describe-*, list-*, get-* are reads, except those that reveal secrets or write files. */
import { approve, positionals, safe, type Rule } from './types.js';

const VALUE_FLAGS = new Set(['--region', '--profile', '--output', '--query', '--endpoint-url', '--cli-read-timeout', '--cli-connect-timeout', '--color', '--ca-bundle']);
const SECRET_READS = new Set(['get-secret-value', 'get-login-password', 'get-authorization-token', 'get-session-token', 'get-federation-token', 'get-access-key-info', 'get-parameter', 'get-parameters', 'get-parameters-by-path', 'get-object', 'get-role-credentials']);

export const aws: Rule = (cmd) => {
  const [service, op, ...rest] = positionals(cmd.args, VALUE_FLAGS);
  if (!service) return cmd.args.includes('--version') ? safe('aws --version only prints information') : approve('aws without a service');
  if (!op) return approve(`aws ${service} without an operation`);
  if (service === 's3') return op === 'ls' ? safe('aws s3 ls only lists objects') : approve(`aws s3 ${op} copies, moves or deletes objects`);
  if (service === 'logs' && (op === 'tail' || op === 'filter-log-events')) return safe(`aws logs ${op} only reads logs`);
  if (service === 'sts' && op === 'get-caller-identity') return safe('aws sts get-caller-identity only reads');
  if (SECRET_READS.has(op)) return approve(`aws ${service} ${op} returns secrets or writes a file`);
  if (/^(describe|list|get)-/.test(op)) return safe(`aws ${service} ${op} only reads`);
  void rest;
  return approve(`aws ${service} ${op} is not a describe/list/get operation`);
};
