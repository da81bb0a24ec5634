import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/core/redact/redact.js';

const env = {
  STRIPE_SECRET_KEY: 'opaque-stripe-value-1',
  SLACK_BOT_TOKEN: 'opaque/slack+value=2',
  SLACK_SIGNING_SECRET: 'sig"ning\\secret-3',
  DB_PASSWORD: 'p@ss w0rd&more',
  SENTRY_DSN: 'https://abc123def@o1.ingest.sentry.io/42',
  DATABASE_URL: 'postgres://bot:dbpass-4@db.internal:5432/app',
  MY_CUSTOM: 'custom-value-5',
  SHORT_TOKEN: 'abc12',
  PATH: '/usr/bin:/bin',
  REGION: 'eu-west-1',
};
const r = createRedactor({ env, extraValues: ['configured-value-6'], extraEnvNames: ['MY_CUSTOM'] });

describe('createRedactor: exact values of secrets the bot holds', () => {
  it('masks plain values of every secret-named variable and configured extras', () => {
    const text = `key=opaque-stripe-value-1 slack opaque/slack+value=2 custom-value-5 cfg configured-value-6 dsn https://abc123def@o1.ingest.sentry.io/42`;
    const out = r.redact(text);
    for (const v of ['opaque-stripe-value-1', 'opaque/slack+value=2', 'custom-value-5', 'configured-value-6', 'abc123def']) expect(out).not.toContain(v);
  });

  it('masks the JSON-escaped form', () => {
    const json = JSON.stringify({ secret: env.SLACK_SIGNING_SECRET, note: 'x' });
    const out = r.redact(json);
    expect(out).not.toContain('ning');
    expect(JSON.parse(out)).toEqual({ secret: '[REDACTED]', note: 'x' });
  });

  it('masks URL-encoded forms', () => {
    const out = r.redact(`curl "https://api.example.com/?p=${encodeURIComponent(env.DB_PASSWORD)}&q=${encodeURIComponent(env.SLACK_BOT_TOKEN)}"`);
    expect(out).toBe('curl "https://api.example.com/?p=[REDACTED]&q=[REDACTED]"');
  });

  it('masks base64 forms, also inside a longer base64 blob', () => {
    const alone = Buffer.from(env.STRIPE_SECRET_KEY).toString('base64');
    expect(r.redact(`value ${alone} end`)).not.toContain(alone.slice(0, 20));
    for (const prefix of ['u:', 'us:', 'use:']) {
      const blob = Buffer.from(`${prefix}${env.STRIPE_SECRET_KEY}`).toString('base64');
      const secretPart = Buffer.from(env.STRIPE_SECRET_KEY).toString('base64').slice(4, 20);
      const out = r.redact(`data ${blob}`);
      expect(out).toContain('[REDACTED]');
      expect(out).not.toContain(blob);
      expect(out.includes(secretPart)).toBe(false);
    }
  });

  it('masks the whole DATABASE_URL and leaves ordinary values and short ones alone', () => {
    expect(r.redact(`db=${env.DATABASE_URL} region=eu-west-1 path=/usr/bin:/bin short=abc12`)).toBe(
      'db=[REDACTED] region=eu-west-1 path=/usr/bin:/bin short=abc12',
    );
  });
});

describe('createRedactor: patterns for secrets it does not know', () => {
  const p = createRedactor({ env: {} });
  const cases: Array<[string, string, string]> = [
    ['postgres URL password', 'postgres://app:s3cretpw@db:5432/app', 'postgres://app:[REDACTED]@db:5432/app'],
    ['redis URL password', 'redis://:r3dispass@cache:6379/0', 'redis://:[REDACTED]@cache:6379/0'],
    ['Bearer token', 'curl -H "X: Bearer abcdefghijklmnop0123456789"', 'curl -H "X: Bearer [REDACTED]"'],
    ['Authorization header', 'Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [REDACTED]'],
    [
      'JWT',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok',
      'token [REDACTED] ok',
    ],
    ['Stripe live key', 'key sk_live_51HxYzAbCdEfGhIjKlMn', 'key sk_live_[REDACTED]'],
    ['Stripe test key', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_[REDACTED]'],
    ['Stripe restricted keys', 'rk_live_abcdefghijkl rk_test_abcdefghijkl', 'rk_live_[REDACTED] rk_test_[REDACTED]'],
    ['Stripe webhook secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_[REDACTED]'],
    ['Slack bot token', 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-[REDACTED]'],
    ['Slack user token', 'xoxp-123456789012-123456789012-123456789012-abcdef', 'xoxp-[REDACTED]'],
    ['Slack app token', 'xapp-1-A0123456789-1234567890123-abcdef0123456789', 'xapp-[REDACTED]'],
    ['Discord bot token', 'MTA4NzU0MzIxMDk4NzY1NDMyMQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB', '[REDACTED]'],
    ['AWS access key id', 'aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'aws_access_key_id AKIA[REDACTED]'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'ghp_[REDACTED]'],
    ['Slack response_url', 'respond to https://hooks.slack.com/commands/T0001/1234567890/AbCdEfGhIjKlMnOp', 'respond to https://hooks.slack.com/commands/[REDACTED]'],
    ['password assignment', 'PGPASSWORD=hunter22 psql', 'PGPASSWORD=[REDACTED] psql'],
    ['JSON secret field', '{"client_secret":"abcd1234efgh"}', '{"client_secret":"[REDACTED]"}'],
  ];
  for (const [name, input, expected] of cases) {
    it(`masks ${name}`, () => expect(p.redact(input)).toBe(expected));
  }

  it('masks private key blocks, also when output truncation cut off the end', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\nabcDEF123+/=\n-----END RSA PRIVATE KEY-----';
    expect(p.redact(`before\n${key}\nafter`)).toBe('before\n-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----\nafter');
    const cut = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW';
    expect(p.redact(cut)).toBe('-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]');
  });

  it('leaves ordinary diagnostic output alone', () => {
    const text = 'HTTP/1.1 200 OK\nconnection to server at "127.0.0.1", port 5432 failed: Connection refused\nhttps://example.com/status uptime 3d';
    expect(p.redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const text = 'postgres://a:bpass@h sk_live_abcdefghijkl Bearer abcdefghijklmnop0123 password=xyz12345 -----BEGIN PRIVATE KEY-----\nabc';
    const once = p.redact(text);
    expect(p.redact(once)).toBe(once);
  });
});

describe('redactAsync', () => {
  it("adds secretlint's vendor rules on top of the synchronous pass", async () => {
    const p = createRedactor({ env: { API_TOKEN: 'known-token-value-7' } });
    // Shopify and Linear tokens have no sync pattern; secretlint's preset knows them
    const shopify = 'shpat_0123456789abcdef0123456789abcdef';
    const linear = `lin_api_${'a1'.repeat(20)}`;
    const text = `known-token-value-7 ghp_abcdefghijklmnopqrstuvwxyz0123456789 shop ${shopify} linear ${linear} plain text`;
    expect(p.redact(text)).toContain(shopify);
    expect(await p.redactAsync(text)).toBe('[REDACTED] ghp_[REDACTED] shop [REDACTED] linear [REDACTED] plain text');
  });
});
