/**
 * Secret shapes recognised without knowing the value. Applied after the exact-value pass.
 * Order matters: key=value assignments run before the token shapes so a labelled token is masked
 * whole, and every pattern refuses to match text it already masked (redaction is idempotent).
 * A hint such as `sk_live_[REDACTED]` is kept only where the prefix is public knowledge.
 */
export const MASK = '[REDACTED]';

export interface RedactPattern {
  name: string;
  re: RegExp;
  /** `$n` groups are kept; the part replaced by MASK is the secret */
  replace: string;
  /**
   * the shape alone is proof enough that the masked part is a secret, so it joins the registry and
   * its other encodings are masked from then on (not for generic `key=value` guesses)
   */
  learn?: boolean;
}

const NOT_MASKED = '(?!\\[REDACTED\\])';

export const REDACT_PATTERNS: readonly RedactPattern[] = [
  {
    name: 'private key block',
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/g,
    replace: `-----BEGIN $1PRIVATE KEY$2-----${MASK}-----END $1PRIVATE KEY$2-----`,
  },
  {
    // a block cut off by output truncation: mask the base64 body that follows the header
    name: 'unterminated private key block',
    re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----(?!\[REDACTED\])(?:(?!-----END )(?:[A-Za-z0-9+/=\s:,-]|\\[nr]))*/g,
    replace: `-----BEGIN $1PRIVATE KEY$2-----${MASK}`,
  },
  {
    // postgres://user:pw@host, redis://:pw@host — the user name stays, it helps debugging
    name: 'URL userinfo password', learn: true,
    re: new RegExp(`\\b([a-z][a-z0-9+.-]*://)([^\\s:@/?#"'<>]*):${NOT_MASKED}([^\\s@/?#"'<>]+)@`, 'gi'),
    replace: `$1$2:${MASK}@`,
  },
  {
    name: 'Authorization header', learn: true,
    re: new RegExp(`(authorization["']?\\s*[:=]\\s*["']?(?:Bearer|Basic|Bot|Token|OAuth|Digest)?\\s*)${NOT_MASKED}[^\\s"',;]+`, 'gi'),
    replace: `$1${MASK}`,
  },
  {
    // password=..., "client_secret": "...", api-key: ... in logs, JSON and config dumps
    name: 'secret assignment',
    re: new RegExp(
      `\\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*)(["']?\\s*[:=]\\s*["']?)${NOT_MASKED}([^\\s"'&,;]{4,})`,
      'gi',
    ),
    replace: `$1$2${MASK}`,
  },
  { name: 'Bearer token', learn: true, re: new RegExp(`\\b(Bearer\\s+)${NOT_MASKED}[A-Za-z0-9\\-._~+/]{16,}=*`, 'g'), replace: `$1${MASK}` },
  { name: 'JWT', learn: true, re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, replace: MASK },
  { name: 'Stripe secret or restricted key', learn: true, re: /\b((?:sk|rk)_(?:live|test)_)[0-9A-Za-z]{8,}/g, replace: `$1${MASK}` },
  { name: 'Stripe webhook secret', learn: true, re: /\b(whsec_)[0-9A-Za-z+/=]{8,}/g, replace: `$1${MASK}` },
  { name: 'Slack token', learn: true, re: /\b(xox[abposre]-)[0-9A-Za-z-]{8,}/g, replace: `$1${MASK}` },
  { name: 'Slack app token', learn: true, re: /\b(xapp-)[0-9A-Za-z-]{8,}/g, replace: `$1${MASK}` },
  { name: 'Slack webhook URL', learn: true, re: /(hooks\.slack\.com\/(?:services|workflows|commands|actions|triggers)\/)[A-Za-z0-9/]+/g, replace: `$1${MASK}` },
  {
    // base64(user id) . base64(timestamp) . HMAC; ids are 17-20 digits so the first part starts with M, N or O
    name: 'Discord bot token', learn: true,
    re: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g,
    replace: MASK,
  },
  {
    name: 'Discord webhook URL', learn: true,
    re: /(discord(?:app)?\.com\/api\/(?:v\d+\/)?webhooks\/\d+\/)[A-Za-z0-9_-]+/g,
    replace: `$1${MASK}`,
  },
  { name: 'AWS access key id', learn: true, re: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, replace: `$1${MASK}` },
  { name: 'GitHub token', learn: true, re: /\b(gh[pousr]_)[A-Za-z0-9]{30,}/g, replace: `$1${MASK}` },
  { name: 'GitHub fine-grained token', learn: true, re: /\b(github_pat_)[A-Za-z0-9_]{20,}/g, replace: `$1${MASK}` },
  { name: 'GitLab token', learn: true, re: /\b(glpat-)[A-Za-z0-9_-]{20,}/g, replace: `$1${MASK}` },
  { name: 'SendGrid key', learn: true, re: /\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, replace: `SG.${MASK}` },
  { name: 'Google API key', learn: true, re: /\bAIza[0-9A-Za-z_-]{35}/g, replace: MASK },
  { name: 'npm token', learn: true, re: /\b(npm_)[A-Za-z0-9]{36}/g, replace: `$1${MASK}` },
];
