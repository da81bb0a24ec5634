/**
 * A fake Stripe with failed events, a temp SQLite store and the matching stripe config:
 * the shared setup of the replay tests.
 */
import { rm } from 'node:fs/promises';
import type { Config } from '../../../src/config/schema.js';
import { tempSqliteStore, type TestStore } from '../../helpers/test-store.js';
import { makeEvents, type FakeEvent } from './events.js';
import { startFakeStripe, type FakeStripe, type FakeStripeOptions } from './fake-stripe.js';

export interface StripeWorld {
  fake: FakeStripe;
  store: TestStore & { dir: string };
  config: Config['stripe'];
  events: FakeEvent[];
  nowMs: number;
  close(): Promise<void>;
}

export async function stripeWorld(opts: { count?: number; fake?: FakeStripeOptions; spanSec?: number; config?: Partial<Config['stripe']> } = {}): Promise<StripeWorld> {
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  const fake = await startFakeStripe(opts.fake);
  const events = makeEvents({ count: opts.count ?? 25, since: now - (opts.spanSec ?? 3000), until: now - 60 });
  fake.addEvents(events, false);
  // Successful deliveries and old events that a 2h window must not include.
  fake.addEvents(makeEvents({ count: 5, since: now - 3000, until: now - 100, prefix: 'ok' }), true);
  fake.addEvents(makeEvents({ count: 3, since: now - 5 * 86_400, until: now - 4 * 86_400, prefix: 'old' }), false);
  const store = await tempSqliteStore();
  const config: Config['stripe'] = { secretKey: 'sk_test_fake', apiUrl: fake.url, rate: 500, concurrency: 4, endpoint: 'we_fake', ...opts.config };
  return {
    fake,
    store,
    config,
    events,
    nowMs,
    async close() {
      await fake.close();
      await store.close();
      await rm(store.dir, { recursive: true, force: true });
    },
  };
}
