import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/clock.js';
import { fetchVendorStatus } from '../../../src/integrations/probes/vendor-status.js';
import { closedPort, json, localServer } from './local-server.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

const page = (indicator: string, description: string) => ({
  page: { id: 'kctbh9vrtdwd', name: 'Vendor', url: 'https://status.vendor.example', updated_at: '2026-01-01T00:00:00.000Z' },
  status: { indicator, description },
});

describe('fetchVendorStatus', () => {
  it('maps Statuspage indicators to states and keeps the vendor description', async () => {
    const srv = await localServer({
      '/stripe/api/v2/status.json': (_q, res) => json(res, 200, page('none', 'All Systems Operational')),
      '/discord/api/v2/status.json': (_q, res) => json(res, 200, page('minor', 'Minor Service Outage')),
      '/slack/api/v2/status.json': (_q, res) => json(res, 200, page('critical', 'Major System Outage')),
      '/maint/api/v2/status.json': (_q, res) => json(res, 200, page('maintenance', 'Service Under Maintenance')),
      '/weird/api/v2/status.json': (_q, res) => json(res, 200, { hello: 'world' }),
      '/broken/api/v2/status.json': (_q, res) => json(res, 502, {}),
    });
    cleanup.push(srv.close);
    const refused = await closedPort();
    const results = await fetchVendorStatus(
      [
        { name: 'Stripe', url: srv.url('/stripe/api/v2/status.json') },
        { name: 'Discord', url: srv.url('/discord/api/v2/status.json') },
        { name: 'Slack', url: srv.url('/slack/api/v2/status.json') },
        { name: 'Maint', url: srv.url('/maint/api/v2/status.json') },
        { name: 'Weird', url: srv.url('/weird/api/v2/status.json') },
        { name: 'Broken', url: srv.url('/broken/api/v2/status.json') },
        { name: 'Gone', url: `http://127.0.0.1:${refused}/api/v2/status.json` },
      ],
      { fetch, clock: new ManualClock() },
    );
    expect(results.map((r) => [r.name, r.state, r.indicator, r.description ?? r.error])).toEqual([
      ['Stripe', 'up', 'none', 'All Systems Operational'],
      ['Discord', 'degraded', 'minor', 'Minor Service Outage'],
      ['Slack', 'down', 'critical', 'Major System Outage'],
      ['Maint', 'degraded', undefined, 'Service Under Maintenance'],
      ['Weird', 'degraded', undefined, 'status unavailable: not a Statuspage status.json'],
      ['Broken', 'degraded', undefined, 'status unavailable: HTTP 502'],
      ['Gone', 'degraded', undefined, 'status unavailable: connection refused'],
    ]);
  });

  it('gives up on a vendor page that hangs, at its deadline', async () => {
    const clock = new ManualClock();
    const srv = await localServer({ '/hang': () => undefined });
    cleanup.push(srv.close);
    const arrived = srv.arrival('/hang');
    const pending = fetchVendorStatus([{ name: 'Hang', url: srv.url('/hang'), timeoutMs: 3000 }], { fetch, clock });
    await arrived;
    await clock.advance(3000);
    const [r] = await pending;
    expect(r).toMatchObject({ state: 'degraded', error: 'status unavailable: timed out after 3s', latencyMs: 3000 });
  });
});
