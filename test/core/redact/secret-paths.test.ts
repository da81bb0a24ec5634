/**
 * Every secret the bot holds, in every form a diagnostic can print it, is absent from everything
 * that leaves the process: the channel (console events), the store (the SQLite file itself, WAL
 * included), the audit trail, and the terminal's own echo. Real runbook, real child process,
 * real SQLite.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/core/audit/verify-audit.js';
import { forbiddenForms as forms } from '../../helpers/secret-forms.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const STEP_TOKEN = 'diag"tok/en+1&x';
const DSN_PASSWORD = 'dsn-pass-77';
const API_KEY = 'sp-key-from-config-file';

const RUNBOOK = `---
id: leak
title: Leaky diagnostics
---
## Diagnosis
\`\`\`sh
echo "plain=$DIAG_TOKEN"
printf '%s' "$DIAG_TOKEN" | base64
printf 'x%s' "$DIAG_TOKEN" | base64
printf 'xy%s' "$DIAG_TOKEN" | base64
printf '%s' "$DIAG_TOKEN" | xxd -p
jq -cn --arg t "$DIAG_TOKEN" '{t:$t}'
jq -rn --arg t "$DIAG_TOKEN" '$t|@uri'
echo "$DIAG_DSN" | cut -d: -f3 | cut -d@ -f1
echo diagnostics done
\`\`\`
`;

const SECRETS = [STEP_TOKEN, DSN_PASSWORD, API_KEY];

let t: TestBot;
let seen: string;

async function storeBytes(dir: string): Promise<string> {
  const files = (await readdir(dir)).filter((f) => f.startsWith('opsbridge.sqlite'));
  const parts = await Promise.all(files.map((f) => readFile(path.join(dir, f))));
  return Buffer.concat(parts).toString('latin1');
}

beforeAll(async () => {
  t = await startTestBot({
    runbooks: { 'leak.md': RUNBOOK },
    configText: [
      `statuspage: { apiKey: ${API_KEY} }`,
      `exec: { stepEnv: { DIAG_TOKEN: ${JSON.stringify(STEP_TOKEN)}, DIAG_DSN: "postgres://diag:${DSN_PASSWORD}@db.internal/app" } }`,
    ].join('\n'),
  });
  await t.say('/incident leak');
  await t.say(`/health ${API_KEY}`);
  await t.say(`/health ${DSN_PASSWORD}`);
  await t.say(`${API_KEY} pasted by mistake`);
  await t.bot.idle();
  seen = JSON.stringify(t.events);
});
afterAll(async () => t?.close());

describe('secrets never leave the process', () => {
  it('the diagnostic ran and its output is in the channel, masked', () => {
    expect(seen).toContain('diagnostics done');
    expect(seen).toContain('plain=[REDACTED]');
  });

  for (const secret of SECRETS) {
    for (const form of forms(secret)) {
      it(`channel and console echo: no ${form} (a form of ${secret})`, () => expect(seen).not.toContain(form));
    }
  }

  it('the console echo of an unknown line is masked', () => {
    const echo = t.events.find((e) => e.type === 'error' && e.text.includes('pasted by mistake'));
    expect(echo).toMatchObject({ text: expect.stringContaining('not a command: [REDACTED] pasted by mistake') });
  });

  it('the store file (steps.output, runs, approvals, audit), WAL included, holds no form of any secret', async () => {
    await t.bot.idle();
    const bytes = await storeBytes(t.services.dataDir);
    expect(bytes).toContain('diagnostics done');
    for (const secret of SECRETS) for (const form of forms(secret)) expect(bytes.includes(form), `${form} in the store`).toBe(false);
  });

  it('the audit trail holds no secret and its hash chain still verifies', async () => {
    const rows = await t.services.store.db.selectFrom('audit_events').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(text).toContain('/health');
    for (const secret of SECRETS) for (const form of forms(secret)) expect(text.includes(form), `${form} in the audit`).toBe(false);
    const result = await verifyAuditChain(t.services.store.db);
    expect(result.ok).toBe(true);
  });
});


describe('step output also passes secretlint', () => {
  it('a vendor token only secretlint knows (Shopify) is masked in the channel and the store', async () => {
    const shopify = 'shpat_0123456789abcdef0123456789abcdef';
    const bot = await startTestBot({
      runbooks: { 'vendor.md': `---\nid: vendor\n---\n## Diagnosis\n\`\`\`sh\necho "token ${'$'}{VENDOR_OUT}"\n\`\`\`\n` },
      env: { VENDOR_OUT: shopify },
      configText: 'exec: { envAllowlist: [PATH, HOME, VENDOR_OUT] }',
    });
    try {
      await bot.say('/incident vendor');
      const shown = JSON.stringify(bot.events);
      expect(shown).toContain('token [REDACTED]');
      expect(shown).not.toContain(shopify);
      expect(await storeBytes(bot.services.dataDir)).not.toContain(shopify);
    } finally {
      await bot.close();
    }
  });
});
