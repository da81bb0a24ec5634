import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../../src/core/clock.js';
import type { ReplayProgress } from '../../../src/integrations/stripe/replay.js';
import { openReplaySession, planReplay, type ReplayRequest } from '../../../src/integrations/stripe/replay-session.js';
import { ReplayLedger } from '../../../src/integrations/stripe/replay-ledger.js';
import { WebhookReceiver } from '../../fakes/stripe/webhook-receiver.js';
import { stripeWorld, type StripeWorld } from '../../fakes/stripe/world.js';

let world: StripeWorld;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await world?.close();
  await receiver?.close();
  receiver = undefined;
});

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };
function session(req: ReplayRequest, extra: { signal?: AbortSignal; clock?: ManualClock } = {}) {
  const plan = planReplay(req, world.config, world.nowMs);
  return openReplaySession(plan, { config: world.config, db: world.store.db, clock: extra.clock ?? systemClock, retry: fastRetry, ...(extra.signal ? { signal: extra.signal } : {}) });
}

describe('replaying failed events (stripe mode)', () => {
  it('dry-runs, then asks Stripe to resend each failed event once, oldest first; a re-run skips them all', async () => {
    // Concurrency 1: arrival order is start order (with more, starts stay oldest first but replies may cross).
    world = await stripeWorld({ count: 25, config: { concurrency: 1 } });
    const s = session({ since: '2h' });
    const summary = await s.dryRun();
    expect(summary).toMatchObject({ total: 25, alreadyDelivered: 0, toDeliver: 25, first: { id: 'evt_000001' }, last: { id: 'evt_000025' } });
    expect(summary.byType).toContainEqual(['invoice.paid', 7]);
    expect(summary.estimatedMs).toBeGreaterThan(0);
    expect(world.fake.totalDeliveries()).toBe(0); // a dry run delivers nothing

    const report = await s.run({ expectedTotal: summary.total });
    expect(report).toMatchObject({ delivered: 25, failed: 0, skipped: 0, remaining: 0, cancelled: false });
    expect(world.fake.deliveryOrder).toEqual(world.events.map((e) => e.id));
    expect(world.fake.duplicates()).toBe(0);

    const again = await session({ since: '2h' }).run();
    expect(again).toMatchObject({ delivered: 0, skipped: 25 });
    expect(world.fake.totalDeliveries()).toBe(25);
    expect((await session({ since: '2h' }).dryRun()).toDeliver).toBe(0);
  });

  it('filters by type and records each delivery per destination', async () => {
    world = await stripeWorld({ count: 20, fake: { endpoints: ['we_fake', 'we_other'] } });
    const report = await session({ since: '2h', type: 'invoice.*' }).run();
    expect(report.delivered).toBe(10);
    const ledger = new ReplayLedger(world.store.db, systemClock);
    expect(await ledger.get('stripe:we_fake', 'evt_000001')).toMatchObject({ status: 'delivered', attempts: 1, event_type: 'invoice.paid' });
    // Another destination has its own record: everything goes to it.
    expect((await session({ since: '2h', type: 'invoice.*', endpoint: 'we_other' }).run()).delivered).toBe(10);
  });

  it('backs off on 429 (Retry-After) and retries 5xx, then reports what still failed with the reason', async () => {
    world = await stripeWorld({ count: 10 });
    world.fake.inject(429, 2, /retry$/, 'POST', 0);
    world.fake.inject(503, 2, /\/v1\/events$/, 'GET');
    world.fake.inject(500, 4, /evt_000003\/retry$/, 'POST');
    const report = await session({ since: '2h' }).run({ expectedTotal: 10 });
    expect(report.delivered).toBe(9);
    expect(report.failed).toBe(1);
    expect(report.failures).toEqual([expect.objectContaining({ id: 'evt_000003', reason: expect.stringMatching(/Stripe answered 500 .*after retries/) })]);
    expect(world.fake.duplicates()).toBe(0);
    // The next run retries only the failure.
    expect(await session({ since: '2h' }).run()).toMatchObject({ delivered: 1, skipped: 9, failed: 0 });
    const row = await new ReplayLedger(world.store.db, systemClock).get('stripe:we_fake', 'evt_000003');
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('stops at once on an unknown endpoint, a bad key or a restricted key, naming the problem', async () => {
    world = await stripeWorld({ count: 5, fake: { restrictedKeys: { rk_test_readonly: ['event_read'] } } });
    const unknown = await session({ since: '2h', endpoint: 'we_missing' }).run();
    expect(unknown.stopped).toMatchObject({ code: 'STRIPE_ENDPOINT_UNKNOWN', message: expect.stringMatching(/No such webhook endpoint: 'we_missing'/) });
    expect(unknown.delivered + unknown.failed).toBe(0);

    world.config.secretKey = 'sk_test_wrong';
    await expect(session({ since: '2h' }).dryRun()).rejects.toMatchObject({ code: 'STRIPE_AUTH', message: expect.stringMatching(/401.*Invalid API Key/) });

    world.config.secretKey = 'rk_test_readonly';
    expect((await session({ since: '2h' }).dryRun()).total).toBe(5); // reading is allowed
    const denied = await session({ since: '2h' }).run();
    expect(denied.stopped).toMatchObject({ code: 'STRIPE_PERMISSION', message: expect.stringMatching(/403.*rak_event_write/) });
    expect(world.fake.totalDeliveries()).toBe(0);

    world.config.secretKey = undefined;
    expect(() => planReplay({ since: '2h' }, world.config, world.nowMs)).toThrow(/STRIPE_SECRET_KEY/);
  });

  it('stops after consecutive 5xx from Stripe and reports what is left', async () => {
    world = await stripeWorld({ count: 30, config: { concurrency: 1 } });
    world.fake.inject(502, 10_000, /retry$/, 'POST');
    const report = await session({ since: '2h' }).run({ expectedTotal: 30 });
    expect(report.stopped).toMatchObject({ code: 'STRIPE_UNAVAILABLE', message: expect.stringMatching(/10 consecutive/) });
    expect(report.failed).toBe(10);
    expect(report.remaining).toBe(20);
  });

  it('cancels: nothing new starts, what was sent is recorded, a re-run finishes the rest', async () => {
    world = await stripeWorld({ count: 40, config: { rate: 50, concurrency: 2 } });
    const ac = new AbortController();
    const progress: ReplayProgress[] = [];
    const s = session({ since: '2h' }, { signal: ac.signal });
    const run = s.run({ expectedTotal: 40, progressIntervalMs: 0, onProgress: (p) => { progress.push(p); if (p.delivered >= 5) ac.abort(new Error('cancelled by alice')); } });
    const report = await run;
    expect(report.cancelled).toBe(true);
    expect(report.delivered).toBeGreaterThanOrEqual(5);
    expect(report.delivered).toBeLessThan(40);
    expect(world.fake.totalDeliveries()).toBe(report.delivered);
    const rest = await session({ since: '2h' }).run();
    expect(rest.delivered + report.delivered).toBe(40);
    expect(world.fake.duplicates()).toBe(0);
  });

  it('reports progress at most once per interval on the injected clock', async () => {
    world = await stripeWorld({ count: 10 });
    const clock = new ManualClock(world.nowMs);
    const seen: ReplayProgress[] = [];
    const report = await session({ since: '2h' }, { clock }).run({ expectedTotal: 10, onProgress: (p) => seen.push(p) });
    expect(report.delivered).toBe(10);
    // Time did not move: the first report and the final one only.
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ done: 0, total: 10 });
    expect(seen[1]).toMatchObject({ done: 10, delivered: 10 });
  });
});

describe('replaying failed events (direct mode)', () => {
  it('POSTs each event signed like Stripe so constructEvent accepts it, retrying a 503', async () => {
    receiver = await new WebhookReceiver('whsec_test_secret').start();
    world = await stripeWorld({ count: 12, config: { webhookSecret: 'whsec_test_secret', concurrency: 1 } });
    receiver.failNext(503, 1);
    const report = await session({ since: '2h', endpoint: receiver.url }).run();
    expect(report).toMatchObject({ delivered: 12, failed: 0 });
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.map((r) => r.id)).toEqual(world.events.map((e) => e.id));
    expect(world.fake.totalDeliveries()).toBe(0); // Stripe was only asked to list
    expect((await session({ since: '2h', endpoint: receiver.url }).run()).skipped).toBe(12);
    expect(receiver.duplicates()).toBe(0);
  });

  it('reports a receiver that rejects the signature (wrong secret) per event, and needs a secret at all', async () => {
    receiver = await new WebhookReceiver('whsec_right').start();
    world = await stripeWorld({ count: 3, config: { webhookSecret: 'whsec_wrong' } });
    const report = await session({ since: '2h', mode: 'direct', endpoint: receiver.url }).run();
    expect(report.failed).toBe(3);
    expect(report.failures[0]!.reason).toMatch(/receiver answered 400: Webhook Error: No signatures found matching/);
    world.config.webhookSecret = undefined;
    expect(() => planReplay({ since: '2h', endpoint: receiver!.url }, world.config, world.nowMs)).toThrow(/STRIPE_WEBHOOK_SECRET/);
  });
});
