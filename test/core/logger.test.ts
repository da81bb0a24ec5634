import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/core/redact/redact.js';
import { createLogger } from '../../src/core/logger.js';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

const redactor = createRedactor({ env: { SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefghijkl', DB_PASSWORD: 'pa"ss\\word-99' } });

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted wherever they appear', () => {
    const out = collector();
    const log = createLogger({ level: 'info', redactor, destination: out.stream });
    log.info({ req: { headers: { authorization: 'Bearer abcdefghijklmnop0123456789' } }, db: 'pa"ss\\word-99' }, 'posted with xoxb-1111-2222-abcdefghijkl');
    log.error(new Error('connect failed: postgres://bot:pa"ss\\word-99@db/app'));
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 30, msg: 'posted with [REDACTED]', db: '[REDACTED]' });
    expect(JSON.stringify(first)).not.toContain('abcdefghijklmnop0123456789');
    expect(JSON.stringify(second)).not.toContain('word-99');
    expect(out.text()).not.toMatch(/xoxb-1111|pa\\"ss/);
  });

  it('respects the level', () => {
    const out = collector();
    const log = createLogger({ level: 'warn', redactor, destination: out.stream });
    log.info('hidden');
    log.warn('shown');
    expect(out.text()).not.toContain('hidden');
    expect(out.text()).toContain('"msg":"shown"');
  });

  it('prints human-readable lines when pretty, still redacted', () => {
    const out = collector();
    const log = createLogger({ level: 'info', pretty: true, redactor, destination: out.stream });
    log.info({ runbook: 'db' }, 'token xoxb-1111-2222-abcdefghijkl used');
    const text = out.text();
    expect(text).toContain('INFO');
    expect(text).toContain('token [REDACTED] used');
    expect(text).toContain('runbook: "db"');
    expect(text.trim().startsWith('{')).toBe(false);
    expect(text).not.toContain('xoxb-1111');
  });
});

describe('createLogger with the bot redactor', () => {
  it('masks stepEnv values, config-file secrets and URL passwords in every form', async () => {
    const { loadConfig } = await import('../../src/config/load-config.js');
    const { redactorFor } = await import('../../src/main.js');
    const { forbiddenForms, printedForms } = await import('../helpers/secret-forms.js');
    const env = { DATABASE_URL: 'postgres://bot:db-pass-from-url@db/app' };
    const config = loadConfig(env, 'exec: { stepEnv: { PGPASSWORD: step-env-value-1 } }\nstatuspage: { apiKey: file-api-key-2 }');
    const out = collector();
    const log = createLogger({ level: 'info', redactor: redactorFor(config, env), destination: out.stream });
    const secrets = ['step-env-value-1', 'file-api-key-2', 'db-pass-from-url'];
    for (const s of secrets) log.warn({ output: printedForms(s).join('\n') }, `step printed ${s}`);
    const text = out.text();
    expect(text).toContain('step printed [REDACTED]');
    for (const s of secrets) for (const form of forbiddenForms(s)) expect(text.includes(form), form).toBe(false);
  });
});
