import { afterEach, describe, expect, it } from 'vitest';

import health from '../../commands/health.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';
import { closedPort, json, localServer } from '../integrations/probes/local-server.js';

let t: TestBot | undefined;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const c of cleanup) await c();
  cleanup = [];
});

const posts = () => t!.events.filter((e) => e.type === 'post').map((e) => t!.text((e as { id: string }).id));

async function setup() {
  const srv = await localServer({
    '/api/health': (_q, res) => json(res, 200, { status: 'ok', db: 'up' }),
    '/billing/health': (_q, res) => json(res, 500, { status: 'error' }),
    '/search/health': (_q, res) => json(res, 200, { status: 'ok', db: 'down' }),
    '/stripe/api/v2/status.json': (_q, res) => json(res, 200, { page: { id: 'x', name: 'Stripe', url: 'https://status.stripe.com', updated_at: '2026-01-01T00:00:00Z' }, status: { indicator: 'minor', description: 'Minor Service Outage' } }),
  });
  cleanup.push(srv.close);
  const refused = await closedPort();
  const config = {
    health: {
      probes: [
        { name: 'api', url: srv.url('/api/health'), expectJson: { status: 'ok', db: 'up' } },
        { name: 'billing', url: srv.url('/billing/health') },
        { name: 'search', url: srv.url('/search/health'), expectJson: { db: 'up' } },
        { name: 'worker', url: `http://127.0.0.1:${refused}/health`, timeout: '2s' },
      ],
      vendors: [{ name: 'Stripe', url: srv.url('/stripe/api/v2/status.json') }],
    },
  };
  t = await startTestBot({ commands: [health], configText: JSON.stringify(config) });
  return t;
}

describe('/health', () => {
  it('posts one message with every service and vendor, icons, status and latency', async () => {
    const bot = await setup();
    await bot.say('/health');
    const all = posts();
    expect(all).toHaveLength(1);
    const text = all[0]!;
    expect(text).toContain('*Health: 4 of 5 not healthy*');
    expect(text).toMatch(/✅ api: HTTP 200, \d+ ms/);
    expect(text).toMatch(/❌ billing: HTTP 500, \d+ ms — expected HTTP 200, got 500/);
    expect(text).toMatch(/⚠️ search: HTTP 200, \d+ ms — db is "down", expected "up"/);
    expect(text).toMatch(/❌ worker: \d+ ms — connection refused/);
    expect(text).toMatch(/Vendors\n⚠️ Stripe: Minor Service Outage \(\d+ ms\)/);
  });

  it('checks one service by name, and names the known services for an unknown one', async () => {
    const bot = await setup();
    await bot.say('/health API');
    expect(posts()).toHaveLength(1);
    expect(posts()[0]).toContain('*Health of api: all 1 healthy*');
    expect(posts()[0]).not.toContain('billing');
    await bot.say('/health nosuch');
    expect(posts()).toHaveLength(1);
    expect(bot.notices().join('\n')).toContain('unknown service "nosuch"; known services: api, billing, search, worker, Stripe');
  });

  it('explains how to configure checks when there are none', async () => {
    t = await startTestBot({ commands: [health] });
    await t.say('/health');
    expect(posts()[0]).toContain('No health checks are configured');
  });
});
