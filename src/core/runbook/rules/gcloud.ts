/**
 * gcloud: `gcloud GROUP ... list|describe` and a few informational commands are reads. Commands
 * that print tokens (auth print-access-token, config config-helper), reveal secrets (secrets
 * versions access) or connect (ssh, sql connect) are gated; --flags-file reads options from a file
 * and --log-http prints request headers with tokens.
 */
import { approve, q, safe, type Rule } from './types.js';

const VALUE = new Set(['--project', '--region', '--zone', '--format', '--filter', '--limit', '--sort-by', '--page-size', '--flatten', '--verbosity', '--configuration', '--account', '--billing-project', '--location', '--cluster', '--freshness', '--order', '--impersonate-service-account']);
const FLAG = new Set(['--quiet', '-q', '--uri', '--help', '-h', '--version', '--no-user-output-enabled', '--verbosity=none']);
const DENY: Record<string, string> = { '--flags-file': 'reads options from a file', '--log-http': 'prints request headers, tokens included', '--access-token-file': 'reads a token file', '--credential-file-override': 'reads a credentials file' };
const READ_VERBS = new Set(['list', 'describe', 'read', 'get-iam-policy', 'get-value', 'list-tags', 'list-grantable-roles']);
const SECRET = /^(auth print-access-token|auth print-identity-token|auth application-default print-access-token|config config-helper|secrets versions access|kms decrypt|iam service-accounts keys|container clusters get-credentials)/;

export const gcloud: Rule = (cmd) => {
  const words: string[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (name in DENY) return approve(`gcloud ${q(name)} ${DENY[name]}`);
    if (a.startsWith('-')) {
      if (FLAG.has(a)) continue;
      if (!VALUE.has(name)) return approve(`gcloud option ${q(name)} is not on the read-only list`);
      if (!a.includes('=')) i++;
      continue;
    }
    words.push(a);
  }
  const line = words.join(' ');
  if (SECRET.test(line)) return approve(`gcloud ${q(line)} prints credentials or secrets`);
  if (/^(info|version|config list|auth list|projects list|config get-value)( |$)/.test(line)) return safe(`gcloud ${words.slice(0, 2).join(' ')} only reads`);
  if (words[0] === 'logging' && words[1] === 'read') return safe('gcloud logging read only reads logs');
  const verb = words.find((w) => READ_VERBS.has(w));
  if (verb && words.indexOf(verb) >= 1) return safe(`gcloud ${words.slice(0, words.indexOf(verb) + 1).join(' ')} only reads`);
  return approve(`gcloud ${q(line || 'without a command')} is not a list or describe command`);
};
