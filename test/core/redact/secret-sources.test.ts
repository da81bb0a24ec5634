import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { redactorFor } from '../../../src/main.js';

const configText = `
statuspage: { apiKey: sp-api-key-from-file, pageId: page123 }
slack: { signingSecret: slack-signing-from-file }
discord: { token: discord-token-from-file }
stripe: { webhookSecret: stripe-whsec-from-file }
exec:
  stepEnv:
    PGPASSWORD: ro-diag-password
    DIAG_DSN: postgres://diag:diag-url-pass@db.internal/app
    READONLY_API: harmless-looking-value
health:
  probes:
    - { name: api, url: "https://probe:probe-url-pass@api.internal/health" }
redact: { values: [extra-literal-value] }
`;
const env = {
  DATABASE_URL: 'postgres://bot:db%2Fpass%40word@db.internal:5432/app',
  REDIS_URL: 'redis://:redis-url-pass@cache:6379/0',
  OPSBRIDGE_ALERTS_TOKEN: 'alerts-token-value',
  PATH: '/usr/bin:/bin',
};
const r = redactorFor(loadConfig(env, configText), env);

describe('the secret registry holds every secret the bot holds', () => {
  const held: Array<[string, string]> = [
    ['config file statuspage.apiKey', 'sp-api-key-from-file'],
    ['config file slack.signingSecret', 'slack-signing-from-file'],
    ['config file discord.token', 'discord-token-from-file'],
    ['config file stripe.webhookSecret', 'stripe-whsec-from-file'],
    ['an exec.stepEnv value with a secret name', 'ro-diag-password'],
    ['an exec.stepEnv value whose name says nothing', 'harmless-looking-value'],
    ['the password in a stepEnv URL', 'diag-url-pass'],
    ['the password in a probe URL', 'probe-url-pass'],
    ['the password in DATABASE_URL, decoded', 'db/pass@word'],
    ['the password in DATABASE_URL, as written', 'db%2Fpass%40word'],
    ['the password in REDIS_URL (a name that does not say secret)', 'redis-url-pass'],
    ['a secret-named environment variable', 'alerts-token-value'],
    ['redact.values', 'extra-literal-value'],
  ];
  for (const [what, value] of held) {
    it(`masks ${what}`, () => {
      expect(r.redact(`diag printed ${value} here`)).toBe('diag printed [REDACTED] here');
      expect(r.redact(Buffer.from(`x${value}`).toString('base64'))).toContain('[REDACTED]');
    });
  }

  it('leaves ordinary config values alone', () => {
    expect(r.redact('page page123 at /usr/bin:/bin')).toBe('page page123 at /usr/bin:/bin');
  });

  it('says which configured secrets are too short to mask, never their values', () => {
    const short = redactorFor(loadConfig({}, 'exec: { stepEnv: { PGPASSWORD: abc } }'), {});
    expect(short.registry.unmaskable()).toEqual(['config exec.stepEnv.PGPASSWORD']);
  });
});

describe('values learned at run time', () => {
  it('a token recognised by its shape is masked in its other encodings from then on', () => {
    const learner = redactorFor(loadConfig({}, ''), {});
    const token = 'ghp_' + 'Ab1'.repeat(12);
    expect(learner.redact(`/health ${token}`)).toBe('/health ghp_[REDACTED]');
    // the part after the public `ghp_` prefix is the secret; in base64 only the prefix's characters stay
    const secretPart = token.slice(4);
    const b64 = Buffer.from(token).toString('base64');
    const out = learner.redact(`later ${b64}`);
    expect(out).toMatch(/^later Z2hwX[0-9A-Za-z]?\[REDACTED\][0-9A-Za-z=]{0,3}$/);
    expect(learner.redact(`hex ${Buffer.from(secretPart).toString('hex')}`)).toBe('hex [REDACTED]');
    expect(learner.redact(`url ${encodeURIComponent(secretPart)}`)).toBe('url [REDACTED]');
  });

  it('a user argument equal to a held secret is masked (the DATABASE_URL password typed into /health)', () => {
    expect(r.redact('/health db/pass@word')).toBe('/health [REDACTED]');
  });
});
