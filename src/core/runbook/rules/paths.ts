/**
 * Reading credentials is not read-only in the sense that matters: a safe block's output is posted
 * to the channel. Known credential locations are gated wherever they appear in a command (an
 * operand, an option value, `HEAD:.env`, `@~/.ssh/id_rsa`). A path the shell computes at run time
 * (variable, glob, `~`) is safe only inside the allowed directories (default /var/log, and the
 * step's work directory for relative paths).
 */
import { approve, isDynamic, q, type Verdict } from './types.js';

const CREDENTIALS: [RegExp, string][] = [
  [/(^|[/:=@~])\.ssh(\/|$)/, 'an SSH key directory'],
  [/(^|[/:=@])id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/, 'an SSH private key'],
  [/(^|[/:=@])\.env(\.[\w.-]*)?$|(^|[/:=@])[\w.-]+\.env$/, 'an environment file with secrets'],
  [/(^|[/:=@])\.(git-credentials|netrc|pgpass|npmrc|pypirc|my\.cnf|boto|vault-token|terraformrc|docker\/config\.json|kube(\/|$)|aws(\/|$)|azure(\/|$)|gnupg(\/|$)|password-store)/, 'a credentials file'],
  [/(^|[/:=@])\.config\/(gh|gcloud|stripe|hub|doctl|heroku|netlify|supabase|vercel|wrangler|pm2)(\/|$)|(^|\/)\.(supabase|wrangler|vercel|heroku|pm2)\/|com\.vercel\.cli|application_default_credentials\.json/, 'a CLI credentials file'],
  [/(^|[/:=@])(credentials|service[-_]?account[\w.-]*|client_secrets?|secrets?)(\.(json|ya?ml|toml|txt|env|ini))?$|[-_.]credentials(\.\w+)?$/i, 'a credentials file'],
  [/\.(key|p12|pfx|jks|keystore|kdbx|ovpn|tfstate(\.backup)?)$/, 'a key or secret store'],
  [/\.pem$/, 'a PEM file that may hold a private key'],
  [/(^|\/)etc\/(shadow|gshadow|sudoers|ssh\/ssh_host_|ssl\/private|kubernetes\/(admin|kubelet|controller-manager|scheduler)\.conf|rancher|letsencrypt\/(archive|keys))|(^|\/)(shadow|gshadow)-?$/, 'a system secrets file'],
  [/(^|\/)(var\/)?run\/secrets(\/|$)|serviceaccount\/token|(^|\/)var\/lib\/kubelet/, 'a mounted service-account secret'],
  [/(^|\/)proc\/[^/]+\/(environ|mem|maps|cmdline|fd(\/|$))|(^|\/)dev\/(mem|kmem|port|sd[a-z]|nvme|xvd|vd[a-z])/, "a process's environment or raw memory and disks"],
  [/(^|[/:=@])\.[\w-]*_history$|(^|[/:=@])\.(rediscli_history|psql_history|mysql_history|sqlite_history|node_repl_history|python_history|lesshst|viminfo)$/, 'a shell or client history file, which keeps typed passwords'],
];

/** Certificates are public; a .pem that names a certificate or chain is not a key. */
const PUBLIC_PEM = /(cert|chain|fullchain|ca|bundle)[\w.-]*\.pem$|\/etc\/ssl\/certs\//i;

/** Every credential pattern needs one of these; most words have none, so they skip the list. */
const MAYBE = /[./~]|credential|secret|shadow|id_|account/i;

/** All the patterns in one (case-insensitive, so a little wider): a word it misses matches none of them. */
const ANY = new RegExp(CREDENTIALS.map(([re]) => `(?:${re.source})`).join('|'), 'i');

export function credentialKind(word: string): string | undefined {
  if (!MAYBE.test(word)) return undefined;
  const w = word.replace(/^[@<]/, '').replace(/^~\/?/, '/~/').replace(/^file:\/\//, '');
  if (!ANY.test(w)) return undefined;
  for (const [re, kind] of CREDENTIALS) {
    if (!re.test(w)) continue;
    if (kind.startsWith('a PEM') && PUBLIC_PEM.test(w)) continue;
    return kind;
  }
  return undefined;
}

export function credentialVerdict(word: string): Verdict | undefined {
  const kind = credentialKind(word);
  return kind ? approve(`${q(word)} is ${kind}; its contents must not be posted to the channel`) : undefined;
}

export interface PathPolicy {
  /** directories where a run-time path may point (absolute, no trailing slash) */
  readDirs: string[];
  /** relative paths stay in the step's work directory (false once the block changes directory) */
  relativeInWorkDir: boolean;
}

export const DEFAULT_READ_DIRS = ['/var/log'];

/** The check for a word a program reads as a file. */
export function readPathVerdict(path: string, policy: PathPolicy): Verdict | undefined {
  const cred = credentialVerdict(path);
  if (cred) return cred;
  if (path === '-' || !isDynamic(path)) return undefined;
  const prefix = staticPrefix(path);
  if (path.split('/').includes('..')) return approve(`the path ${q(path)} is computed at run time and climbs out of its directory with ".."`);
  if (prefix.startsWith('/')) {
    if (policy.readDirs.some((d) => prefix.startsWith(d + '/'))) return undefined;
    return approve(`the path ${q(path)} is computed at run time and may point outside the allowed directories (${policy.readDirs.join(', ')})`);
  }
  if (prefix.length === path.length || path.startsWith('~') || path.startsWith('$') || path.startsWith('`')) {
    return approve(`the path ${q(path)} is computed at run time, so the classifier cannot tell which file it reads`);
  }
  if (!policy.relativeInWorkDir) return approve(`the path ${q(path)} is computed at run time after the block changed directory`);
  return undefined;
}

/** The literal part before the first run-time character: "/var/log/app/" of "/var/log/app/*.log". */
function staticPrefix(path: string): string {
  const m = /[$`*?[~{]/.exec(path);
  return m ? path.slice(0, m.index) : path;
}
