import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { PagingRuntime, type PagingEvent, type PagingIncident } from '../../../src/integrations/paging/paging-runtime.js';
import { startFakePagerDuty, type FakePagerDuty } from '../../fakes/pagerduty/fake-pagerduty.js';
import { startWebhookReceiver } from '../../fakes/webhooks/webhook-receiver.js';
import { silentLogger } from '../../helpers/test-bot.js';
import { tempSqliteStore } from '../../helpers/test-store.js';

const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
const SECRET = 'webhook-secret-0123456789';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

const incident = (over: Partial<PagingIncident> = {}): PagingIncident => ({
  id: '7f0c1a52-6a3e-4f7e-9d55-0a1b2c3d4e5f',
  ref: 'INC-7',
  title: 'Checkout is failing',
  severity: 'SEV1',
  status: 'investigating',
  platform: 'console',
  channel: { id: 'inc-7-checkout-is-failing', name: 'inc-7-checkout-is-failing', thread: null },
  ...over,
});
let seq = 0;
const event = (type: string, data: Record<string, unknown> = {}, actor = { id: 'alice', name: 'alice' }): PagingEvent => ({
  id: `ev${++seq}`,
  incidentId: incident().id,
  at: '2026-01-01T00:00:00.000Z',
  type,
  actor,
  text: type,
  data,
});

async function setup(opts: { pd?: FakePagerDuty; webhooks?: boolean; store?: Awaited<ReturnType<typeof tempSqliteStore>> } = {}) {
  const store = opts.store ?? (await tempSqliteStore());
  const pd = opts.pd ?? (await startFakePagerDuty());
  const receiver = await startWebhookReceiver(SECRET, () => clock.now());
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const config = loadConfig(
    { PAGERDUTY_ROUTING_KEY: ROUTING_KEY, PAGERDUTY_EVENTS_URL: pd.url },
    opts.webhooks ? JSON.stringify({ paging: { webhooks: [{ name: 'oncall-tool', url: receiver.url, secret: SECRET }] } }) : undefined,
  );
  const timeline: { type: string; text: string }[] = [];
  const runtime = new PagingRuntime({ db: store.db, clock, fetch, config: config.paging, logger: silentLogger, timeline: async (_id, type, text) => void timeline.push({ type, text }) });
  cleanup.push(async () => {
    runtime.stop();
    await runtime.queue.idle();
    await receiver.close();
    if (!opts.pd) await pd.close();
    if (!opts.store) {
      await store.close();
      await rm(store.dir, { recursive: true, force: true });
    }
  });
  const settle = () => runtime.queue.idle();
  return { store, pd, receiver, clock, runtime, timeline, settle };
}

describe('PagingRuntime: PagerDuty Events v2', () => {
  it('triggers for a SEV1 declaration with the incident uuid as dedup_key, acknowledges when a person takes command, resolves', async () => {
    const t = await setup();
    await t.runtime.onEvents(incident(), [event('declared', { severity: 'SEV1' }, { id: 'opsbridge', name: 'opsbridge' })]);
    await t.settle();
    expect(t.pd.events).toHaveLength(1);
    expect(t.pd.events[0]).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: incident().id,
      payload: { summary: 'INC-7 SEV1: Checkout is failing', source: 'opsbridge', severity: 'critical' },
    });
    // The bot as commander is not an acknowledgement; a person is.
    await t.runtime.onEvents(incident(), [event('role_assigned', { role: 'commander', person: { id: 'opsbridge', name: 'opsbridge' } })]);
    await t.runtime.onEvents(incident(), [event('role_assigned', { role: 'commander', person: { id: 'U123', name: 'dana' } })]);
    await t.runtime.onEvents(incident(), [event('resolved')]);
    await t.settle();
    expect(t.pd.events.map((e) => [e.event_action, e.dedup_key])).toEqual([
      ['trigger', incident().id],
      ['acknowledge', incident().id],
      ['resolve', incident().id],
    ]);
    expect(t.timeline.map((e) => e.text)).toEqual(['PagerDuty: paged on-call', 'PagerDuty: acknowledged the page', 'PagerDuty: resolved the page']);
  });

  it('does not page a SEV3, but pages when it is raised to SEV1 or on /incident page', async () => {
    const t = await setup();
    await t.runtime.onEvents(incident({ severity: 'SEV3' }), [event('declared', { severity: 'SEV3' }), event('resolved')]);
    await t.settle();
    expect(t.pd.requests).toBe(0);
    await t.runtime.onEvents(incident(), [event('severity_changed', { from: 'SEV3', to: 'SEV1' })]);
    await t.runtime.onEvents(incident(), [event('severity_changed', { from: 'SEV1', to: 'SEV0' })]);
    await t.settle();
    expect(t.pd.events.map((e) => e.event_action)).toEqual(['trigger']);
    expect(await t.runtime.page(incident({ severity: 'SEV4' }), 'dana wants a second pair of eyes')).toMatch(/Paging on-call/);
    await t.settle();
    expect(t.pd.events.at(-1)!.payload!.custom_details).toMatchObject({ reason: 'dana wants a second pair of eyes' });
  });

  it('retries 429 and 5xx with backoff on the clock, and records the page once it is through', async () => {
    const t = await setup();
    t.pd.failNext(1, 429);
    t.pd.failNext(1, 503);
    await t.runtime.onEvents(incident(), [event('declared', { severity: 'SEV0' })]);
    await t.settle();
    expect(t.pd.requests).toBe(1);
    expect(t.timeline).toEqual([]);
    await t.clock.advance(2_000);
    await t.settle();
    expect(t.pd.requests).toBe(2);
    await t.clock.advance(4_000);
    await t.settle();
    expect(t.pd.requests).toBe(3);
    expect(t.pd.events).toHaveLength(1);
    expect(t.timeline).toEqual([{ type: 'page_sent', text: 'PagerDuty: paged on-call' }]);
    const [row] = await t.runtime.queue.list(incident().id);
    expect(row).toMatchObject({ state: 'delivered', attempts: 3, last_status: 202 });
  });

  it('does not retry an event PagerDuty refuses, and puts the refusal on the timeline', async () => {
    const t = await setup();
    await t.runtime.onEvents(incident({ id: 'x'.repeat(300) }), [event('declared', { severity: 'SEV1' })]);
    await t.settle();
    await t.clock.advance(60 * 60_000);
    await t.settle();
    expect(t.pd.requests).toBe(1);
    expect(t.timeline[0]!.type).toBe('page_failed');
    expect(t.timeline[0]!.text).toMatch(/PagerDuty trigger failed after 1 attempt: PagerDuty refused the event: 'dedup_key' must be at most 255 characters/);
  });

  it('resumes a pending page after a restart', async () => {
    const pd = await startFakePagerDuty();
    cleanup.push(() => pd.close());
    const store = await tempSqliteStore();
    cleanup.push(async () => {
      await store.close();
      await rm(store.dir, { recursive: true, force: true });
    });
    const first = await setup({ pd, store });
    pd.failNext(1, 500);
    await first.runtime.onEvents(incident(), [event('declared', { severity: 'SEV1' })]);
    await first.settle();
    first.runtime.stop();
    const second = await setup({ pd, store });
    await second.clock.advance(10 * 60_000);
    await second.runtime.start();
    await second.settle();
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger']);
    expect(second.timeline.map((e) => e.type)).toEqual(['page_sent']);
  });
});

describe('PagingRuntime: outgoing webhooks', () => {
  it('sends every timeline event signed, retries a failing receiver, and keeps each delivery state', async () => {
    const t = await setup({ webhooks: true });
    t.receiver.failNext(1, 502);
    await t.runtime.onEvents(incident({ severity: 'SEV3' }), [event('declared', { severity: 'SEV3' }), event('note')]);
    await t.settle();
    // The first delivery (declared) met the failure; the note went through.
    expect(t.receiver.accepted.map((b) => b.type)).toEqual(['incident.note']);
    await t.clock.advance(2_000);
    await t.settle();
    expect(t.receiver.accepted.map((b) => b.type).sort()).toEqual(['incident.declared', 'incident.note']);
    expect(t.receiver.accepted[0]!.incident).toMatchObject({ id: incident().id, ref: 'INC-7' });
    expect(t.receiver.rejected).toBe(0);
    const rows = await t.runtime.queue.list(incident().id);
    expect(rows.map((r) => [r.kind, r.state, r.attempts])).toEqual([
      ['webhook', 'delivered', 2],
      ['webhook', 'delivered', 1],
    ]);
  });
});
