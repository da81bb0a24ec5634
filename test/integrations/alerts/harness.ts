/**
 * A real bot (console adapter, SQLite, real step runner) with alerts wired in and its HTTP
 * server on 127.0.0.1, as `opsbridge start` mounts them. Post webhooks with `post`, then
 * `settle` waits for processing, runs and chat edits.
 */
import { createHttpServer } from '../../../src/http/server.js';
import { wireAlerts, type AlertsRuntime, type WireAlertsOptions } from '../../../src/integrations/alerts/alerts-runtime.js';
import { startTestBot, silentLogger, type TestBot, type TestServicesOptions } from '../../helpers/test-bot.js';
import { dbRunbook } from '../../helpers/runbook-fixtures.js';

export const TOKEN = 'alerts-token-0123456789abcdef';

export const DB_RUNBOOK = dbRunbook({
  frontMatter: 'aliases: [postgres]\nalerts: [{ alertname: PostgresDown }, { alertname: "=~Pg.*", env: prod }]',
  diagnosis: 'echo "diagnostic: pg_isready says no response"',
});

export const MEMORY_RUNBOOK = `---
id: high-memory
alerts: [{ alertname: HighMemory }]
---
# High memory
## Diagnosis
\`\`\`sh
echo "diagnostic: top memory users"
\`\`\`
`;

export interface AlertHarness extends TestBot {
  alerts: AlertsRuntime;
  url: string;
  post(source: string, body: unknown, token?: string): Promise<Response>;
  settle(): Promise<void>;
  /** every post/update rendered as plain text, in order */
  transcript(): string;
  stop(): Promise<void>;
}

export async function startAlertHarness(opts: TestServicesOptions & { configText?: string; alerts?: WireAlertsOptions } = {}): Promise<AlertHarness> {
  const t = await startTestBot({
    runbooks: { 'db.md': DB_RUNBOOK, 'high-memory.md': MEMORY_RUNBOOK },
    ...opts,
    env: { OPSBRIDGE_ALERTS_TOKEN: TOKEN, ...opts.env },
  });
  const alerts = wireAlerts(t.bot, t.services, opts.alerts);
  await alerts.resume();
  const server = createHttpServer({ port: 0, host: '127.0.0.1', routes: alerts.routes, readiness: async () => ({}), metrics: t.services.metrics!.registry, logger: silentLogger });
  const port = await server.listen();
  const url = `http://127.0.0.1:${port}`;
  const { renderPlainText } = await import('../../../src/core/message.js');
  return {
    ...t,
    alerts,
    url,
    post: (source, body, token = TOKEN) =>
      fetch(`${url}/alerts/${source}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async settle() {
      await alerts.idle();
      await t.bot.idle();
    },
    transcript: () =>
      t.events
        .filter((e) => e.type === 'post' || e.type === 'update')
        .map((e) => renderPlainText((e as { message: Parameters<typeof renderPlainText>[0] }).message))
        .join('\n---\n'),
    async stop() {
      await server.close();
      await alerts.stop();
    },
    async close() {
      await server.close();
      await alerts.stop();
      await t.close();
    },
  };
}
