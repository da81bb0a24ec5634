import { afterEach, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../src/integrations/stripe/client.js';
import { listFailedEvents, listFailedEventsOldestFirst } from '../../../src/integrations/stripe/list-failed-events.js';
import { makeEvent, makeEvents } from '../../fakes/stripe/events.js';
import { startFakeStripe, type FakeStripe } from '../../fakes/stripe/fake-stripe.js';

let fake: FakeStripe;
afterEach(() => fake?.close());

const T = 1_790_000_000;
const client = () => createStripeClient({ secretKey: 'sk_test_fake', apiUrl: fake.url, rate: 1000 }).stripe;
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('listing failed events through the stripe SDK', () => {
  it('applies the created range, delivery_success=false and a type wildcard, across pages', async () => {
    fake = await startFakeStripe();
    fake.addEvents(makeEvents({ count: 250, since: T, until: T + 2490, types: ['invoice.paid', 'charge.failed'] }));
    fake.addEvents([makeEvent('evt_delivered', 'invoice.paid', T + 100)], true);
    fake.addEvents([makeEvent('evt_before', 'invoice.paid', T - 1), makeEvent('evt_after', 'invoice.paid', T + 3000)]);
    const all = await collect(listFailedEvents(client(), { since: T, until: T + 2490 }, {}));
    expect(all).toHaveLength(250);
    expect(fake.counts.list).toBe(3); // 100 + 100 + 50 through starting_after
    expect(all[0]!.created).toBeGreaterThanOrEqual(all.at(-1)!.created); // newest first, as Stripe lists
    const ids = all.map((e) => e.id);
    expect(ids).not.toContain('evt_delivered');
    expect(ids).not.toContain('evt_before');
    expect(ids).not.toContain('evt_after');
    const invoices = await collect(listFailedEvents(client(), { since: T, until: T + 2490 }, { type: 'invoice.*' }));
    expect(invoices).toHaveLength(125);
    expect(invoices.every((e) => e.type === 'invoice.paid')).toBe(true);
    const both = await collect(listFailedEvents(client(), { since: T, until: T + 99 }, { types: ['invoice.paid', 'charge.failed'] }));
    expect(both).toHaveLength(10);
  });

  it('yields every event exactly once, oldest first, holding at most one slice', async () => {
    fake = await startFakeStripe();
    // Uneven density: a burst of 400 in one minute among 300 spread over two hours.
    fake.addEvents(makeEvents({ count: 300, since: T, until: T + 7200, prefix: 'a' }));
    fake.addEvents(makeEvents({ count: 400, since: T + 3000, until: T + 3060, prefix: 'b' }));
    const slices = await collect(listFailedEventsOldestFirst(client(), { since: T, until: T + 7200 }, {}, { sliceCap: 100 }));
    const flat = slices.flat();
    expect(flat).toHaveLength(700);
    expect(new Set(flat.map((e) => e.id)).size).toBe(700);
    for (let i = 1; i < flat.length; i++) expect(flat[i]!.created).toBeGreaterThanOrEqual(flat[i - 1]!.created);
    expect(Math.max(...slices.map((s) => s.length))).toBeLessThanOrEqual(101);
    expect(flat[0]!.raw).toBeUndefined(); // compact unless the body is needed
  });

  it('answers a small window with a single request', async () => {
    fake = await startFakeStripe();
    fake.addEvents(makeEvents({ count: 40, since: T, until: T + 400 }));
    const slices = await collect(listFailedEventsOldestFirst(client(), { since: T, until: T + 400 }, {}, { keepRaw: true }));
    expect(slices).toHaveLength(1);
    expect(slices[0]![0]!.id).toBe('evt_000001');
    expect(slices[0]![0]!.raw?.data.object).toBeDefined();
    expect(fake.counts.list).toBe(1);
  });
});
