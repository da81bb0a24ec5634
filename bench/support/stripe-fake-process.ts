/**
 * The fake Stripe for the replay benchmark, in its own process so the benchmark's RSS is the
 * replay's alone. Speaks over the fork IPC channel: sends { url } once listening, answers
 * 'duplicates' with { duplicates }, and exits on 'close'.
 */
import { makeEvents } from '../../test/fakes/stripe/events.js';
import { startFakeStripe } from '../../test/fakes/stripe/fake-stripe.js';

const n = Number(process.env.BENCH_STRIPE_EVENTS ?? 5000);
const limit = Number(process.env.BENCH_STRIPE_LIMIT ?? 25);
const fake = await startFakeStripe({ ratePerSec: limit });
const now = Math.floor(Date.now() / 1000);
fake.addEvents(makeEvents({ count: n, since: now - 6 * 3600, until: now - 60 }));
process.on('message', async (m) => {
  if (m === 'duplicates') process.send!({ duplicates: fake.duplicates() });
  if (m === 'close') {
    await fake.close();
    process.exit(0);
  }
});
process.send!({ url: fake.url });
