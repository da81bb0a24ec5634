import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { varReferences } from '../../../src/core/redact/var-references.js';

const spans = (text: string) => varReferences(text).map((s) => text.slice(s.start, s.end));

describe('varReferences', () => {
  it('finds plain, braced, defaulted, command-substitution and special references', () => {
    expect(spans('a $HOME b ${X:-y} c $(cat f) d `date` e $1 $@ f')).toEqual(['$HOME', '${X:-y}', '$(cat f)', '`date`', '$1', '$@']);
  });

  it('counts nesting and ignores escaped dollars', () => {
    expect(spans('${A:-${B:-c}} \\$NOT $(echo $(id))')).toEqual(['${A:-${B:-c}}', '$(echo $(id))']);
  });

  it('ends an unclosed reference at the end of its line', () => {
    const text = 'oops $(broken\npassword=hunter2222';
    expect(spans(text)).toEqual(['$(broken']);
  });
});

describe('pattern masking never rewrites a shell reference', () => {
  const r = createRedactor({ env: {} });
  const unchanged = [
    'curl -sS -u "${STRIPE_SECRET_KEY:-missing}:" https://api.stripe.com/v1/balance',
    'curl -H "Authorization: Bearer ${SLACK_BOT_TOKEN}" https://slack.com/api/auth.test',
    'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com',
    'PGPASSWORD=$DB_PASSWORD psql -h db -c "SELECT 1"',
    'export API_KEY="${API_KEY:?set API_KEY first}"',
    'psql "postgres://app:${PGPASSWORD}@db:5432/app" -c "SELECT 1"',
    'redis-cli -u "redis://:$REDIS_PASSWORD@cache:6379" INFO',
    'token=$(cat /run/secrets/api_token) && curl -H "X-Token: $token" "$URL"',
    'client_secret=`vault read -field=secret kv/app` ./check',
    'echo "secret: ${SECRET_NAME:-none}"',
  ];
  for (const line of unchanged) it(`shows ${line.slice(0, 50)} as written`, () => expect(r.redact(line)).toBe(line));

  it('still masks a literal secret written next to a reference', () => {
    expect(r.redact('psql "postgres://${PGUSER}:hunter2222@db/app"')).toBe('psql "postgres://${PGUSER}:[REDACTED]@db/app"');
    expect(r.redact('PGPASSWORD=hunter2222 psql "$DATABASE_URL"')).toBe('PGPASSWORD=[REDACTED] psql "$DATABASE_URL"');
  });

  it('still masks a known secret inside a default value (exact values come first)', () => {
    const known = createRedactor({ env: { STRIPE_SECRET_KEY: 'opaque-known-value-1' } });
    expect(known.redact('"${STRIPE_SECRET_KEY:-opaque-known-value-1}"')).toBe('"${STRIPE_SECRET_KEY:-[REDACTED]}"');
  });
});

describe('the channel shows the command that runs', () => {
  it('the shipped stripe-webhooks runbook is posted with its variable references intact', async () => {
    const { startTestBot, ROOT } = await import('../../helpers/test-bot.js');
    const path = await import('node:path');
    const { readFile } = await import('node:fs/promises');
    const bot = await startTestBot({ runbooks: path.join(ROOT, 'runbooks'), env: { STRIPE_SECRET_KEY: 'rk_test_0123456789abcdefghij' } });
    try {
      await bot.say('/incident stripe-webhooks');
      const source = await readFile(path.join(ROOT, 'runbooks/stripe-webhooks.md'), 'utf8');
      expect(source).toContain('-u "${STRIPE_SECRET_KEY:-missing}:"');
      const shown = JSON.stringify(bot.events);
      expect(shown).toContain('-u \\"${STRIPE_SECRET_KEY:-missing}:\\"');
      expect(shown).not.toContain('${STRIPE_SECRET_KEY:[REDACTED]');
      expect(shown).not.toContain('rk_test_0123456789abcdefghij');
    } finally {
      await bot.close();
    }
  });
});
