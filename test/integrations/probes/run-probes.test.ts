import { afterEach, describe, expect, it } from 'vitest';

import { ManualClock } from '../../../src/core/clock.js';
import { runProbes } from '../../../src/integrations/probes/run-probes.js';
import { closedPort, json, localServer } from './local-server.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

describe('runProbes', () => {
  it('reports each service: healthy, wrong status, JSON mismatch, and refused connection', async () => {
    const clock = new ManualClock();
    const srv = await localServer({
      '/ok': (_q, res) => json(res, 200, { status: 'ok', checks: { db: { up: true } } }),
      '/down': (_q, res) => json(res, 503, { status: 'down' }),
      '/degraded': (_q, res) => json(res, 200, { status: 'ok', checks: { db: { up: false } } }),
      '/html': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>hi</h1>'),
    });
    cleanup.push(srv.close);
    const refused = await closedPort();
    const results = await runProbes(
      [
        { name: 'api', url: srv.url('/ok'), expectJson: { status: 'ok', 'checks.db.up': true } },
        { name: 'billing', url: srv.url('/down') },
        { name: 'db-check', url: srv.url('/degraded'), expectJson: { 'checks.db.up': true } },
        { name: 'web', url: srv.url('/html'), expectJson: { status: 'ok' } },
        { name: 'worker', url: `http://127.0.0.1:${refused}/health` },
      ],
      { fetch, clock },
    );
    expect(results.map((r) => [r.name, r.state, r.error])).toEqual([
      ['api', 'up', undefined],
      ['billing', 'down', 'expected HTTP 200, got 503'],
      ['db-check', 'degraded', 'checks.db.up is false, expected true'],
      ['web', 'degraded', 'response is not JSON'],
      ['worker', 'down', 'connection refused'],
    ]);
    expect(results[1]!.httpStatus).toBe(503);
  });

  it('accepts a configured non-200 status and reports a missing JSON field', async () => {
    const clock = new ManualClock();
    const srv = await localServer({ '/teapot': (_q, res) => json(res, 418, { mood: 'short and stout' }) });
    cleanup.push(srv.close);
    const [r] = await runProbes([{ name: 'pot', url: srv.url('/teapot'), expectStatus: 418, expectJson: { 'brew.state': 'ready' } }], { fetch, clock });
    expect(r).toMatchObject({ state: 'degraded', httpStatus: 418, error: 'brew.state is missing, expected "ready"' });
  });

  it('times a slow service out at its own deadline while the others answer', async () => {
    const clock = new ManualClock();
    const srv = await localServer({
      // never answers on its own
      '/slow': () => undefined,
      // takes 120 ms of (manual) time to answer: the latency /health shows
      '/fast': async (_q, res) => {
        await clock.advance(120);
        json(res, 200, { ok: true });
      },
    });
    cleanup.push(srv.close);
    const slowArrived = srv.arrival('/slow');
    const pending = runProbes(
      [
        { name: 'slow', url: srv.url('/slow'), timeout: '2s' },
        { name: 'fast', url: srv.url('/fast'), timeout: '10s' },
      ],
      { fetch, clock },
    );
    await slowArrived;
    // the fast probe has settled once its deadline timer is cleared; only then move time on
    while (clock.pending() > 1) await new Promise((r) => setImmediate(r));
    await clock.advance(2000);
    const [slow, fast] = await pending;
    expect(slow).toMatchObject({ name: 'slow', state: 'down', error: 'timed out after 2s' });
    expect(fast).toMatchObject({ name: 'fast', state: 'up', httpStatus: 200, latencyMs: 120 });
    expect(clock.pending()).toBe(0); // every deadline timer was cleared
  });

  it('turns an invalid timeout into a result rather than throwing', async () => {
    const [r] = await runProbes([{ name: 'x', url: 'http://127.0.0.1:1/', timeout: 'soon' as never }], { fetch, clock: new ManualClock() });
    expect(r).toMatchObject({ state: 'down' });
    expect(r!.error).toContain('"soon" is not a duration');
  });
});
