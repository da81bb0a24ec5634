import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/http/metrics.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { AlertInbox } from '../../../src/integrations/alerts/alert-inbox.js';
import { alertRoutes } from '../../../src/integrations/alerts/alert-routes.js';
import { silentLogger } from '../../helpers/test-bot.js';
import { tempSqliteStore } from '../../helpers/test-store.js';
import { alertmanagerPayload, amAlert, grafanaPayload } from './fixtures/payloads.js';

const TOKEN = 'alerts-token-0123456789abcdef';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function serve(token: string | null = TOKEN) {
  const store = await tempSqliteStore();
  const inbox = new AlertInbox(store.db, () => Date.now(), 'test');
  const accepted: string[] = [];
  const logs: string[] = [];
  const logger = { info: (...a: unknown[]) => logs.push(String(a.at(-1))), warn: (...a: unknown[]) => logs.push(String(a.at(-1))) };
  const server: HttpServer = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: alertRoutes({ token: token ?? undefined, inbox, logger, accepted: (id) => accepted.push(id) }),
    readiness: async () => ({}),
    metrics: createMetrics({ defaultMetrics: false }).registry,
    logger: silentLogger,
  });
  const port = await server.listen();
  cleanup.push(async () => {
    await server.close();
    await store.close();
    await rm(store.dir, { recursive: true, force: true });
  });
  const post = (path: string, body: unknown, auth: string | null = `Bearer ${TOKEN}`) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const stored = async () => (await store.db.selectFrom('alert_notifications').selectAll().execute()).length;
  return { post, stored, accepted, logs, inbox };
}

describe('alert webhook routes', () => {
  it('stores a notification, then answers 202 with its id', async () => {
    const s = await serve();
    const res = await s.post('/alerts/alertmanager', alertmanagerPayload());
    expect(res.status).toBe(202);
    const body = (await res.json()) as { status: string; id: string; alerts: number };
    expect(body).toMatchObject({ status: 'accepted', alerts: 1 });
    expect(s.accepted).toEqual([body.id]);
    expect(await s.inbox.pending()).toEqual([body.id]);
    expect((await s.post('/alerts/grafana', grafanaPayload())).status).toBe(202);
    expect((await s.post('/alerts/generic', { title: 'cron failed', fingerprint: 'cron-1' })).status).toBe(202);
    expect(await s.stored()).toBe(3);
  });

  it('refuses a missing, wrong or differently cased token with 401 and stores nothing', async () => {
    const s = await serve();
    for (const auth of [null, 'Bearer wrong', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.toUpperCase()}`, 'Bearer ']) {
      const res = await s.post('/alerts/alertmanager', alertmanagerPayload(), auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect(await s.stored()).toBe(0);
    expect(s.logs.filter((l) => /refused/.test(l))).toHaveLength(8);
  });

  it('answers 400 with the zod path of the first problem, storing nothing', async () => {
    const s = await serve();
    let res = await s.post('/alerts/alertmanager', alertmanagerPayload({ alerts: [amAlert({ fingerprint: '' })] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'bad_request', path: 'alerts.0.fingerprint' });
    res = await s.post('/alerts/generic', '{"title": ');
    expect(await res.json()).toMatchObject({ path: '(root)', message: 'the body is not JSON' });
    expect(await s.stored()).toBe(0);
  });

  it('answers 413 to a body over 1 MiB, storing nothing', async () => {
    const s = await serve();
    const alerts = Array.from({ length: 10_000 }, (_, i) => amAlert({ fingerprint: `fp${i}` }));
    const res = await s.post('/alerts/alertmanager', alertmanagerPayload({ alerts }));
    expect(res.status).toBe(413);
    expect(await s.stored()).toBe(0);
  });

  it('is off without a token, and says so in the log', async () => {
    const s = await serve(null);
    expect((await s.post('/alerts/alertmanager', alertmanagerPayload())).status).toBe(404);
    expect(s.logs.join('\n')).toMatch(/alert webhooks are off: set OPSBRIDGE_ALERTS_TOKEN/);
  });
});
