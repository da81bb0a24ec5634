/**
 * SENTRY_DSN on: the real @sentry/node SDK sends the bot's errors to a fake ingest endpoint on
 * 127.0.0.1, and no secret the bot holds is in what arrives, whether the error was captured
 * directly or logged at error level.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../src/core/logger.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { startErrorReporting, type ErrorReporter } from '../../../src/integrations/error-reporting/sentry-reporter.js';
import { startFakeSentry, type FakeSentry } from '../../fakes/sentry/fake-sentry.js';

const TOKEN = 'xoxb-112233445566-778899001122-AbCdEfGhIjKlMnOpQrStUvWx';
const DB_PASSWORD = 'hunter2-but-longer-9f8e7d';

describe('error reporting to Sentry', () => {
  let sentry: FakeSentry;
  let reporter: ErrorReporter;
  const redactor = createRedactor({ env: { SLACK_BOT_TOKEN: TOKEN, DATABASE_URL: `postgres://app:${DB_PASSWORD}@db.internal:5432/app` } });

  beforeAll(async () => {
    sentry = await startFakeSentry();
    reporter = await startErrorReporting({ dsn: sentry.dsn, redactor, environment: 'test' });
  });
  afterAll(async () => {
    await reporter.close();
    await sentry.close();
  });

  it('sends a captured error with no secret in the event', async () => {
    const err = new Error(`chat.postMessage failed for token ${TOKEN} (db postgres://app:${DB_PASSWORD}@db.internal)`);
    reporter.capture(err, { command: 'incident', channel: 'C0INC', token: TOKEN });
    expect(await reporter.flush(5000)).toBe(true);
    const [event] = await sentry.waitForEvents(1);
    const text = JSON.stringify(event);
    expect(text).toContain('chat.postMessage failed for token');
    expect(text).toContain('"command":"incident"');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(DB_PASSWORD);
    expect(sentry.raw.join('\n')).not.toContain(TOKEN);
    expect(event).toMatchObject({ environment: 'test', level: 'error' });
  });

  it('sends what the bot logs at error level, redacted, and nothing below it', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      redactor,
      destination: { write: (l: string) => void lines.push(l) } as unknown as NodeJS.WritableStream,
      onErrorLine: (line) => reporter.captureLogLine(line),
    });
    const before = sentry.events.length;
    logger.info({ token: TOKEN }, 'started');
    logger.warn('slow');
    logger.error({ err: new Error(`auth failed: ${TOKEN}`), command: 'status' }, 'command failed');
    expect(await reporter.flush(5000)).toBe(true);
    const events = await sentry.waitForEvents(before + 1);
    expect(events).toHaveLength(before + 1);
    const text = JSON.stringify(events.at(-1));
    expect(text).toContain('command failed: auth failed');
    expect(text).toContain('"command":"status"');
    expect(text).not.toContain(TOKEN);
    expect(lines.join('')).not.toContain(TOKEN);
  });
});
