import { afterEach, describe, expect, it } from 'vitest';
import replayStripe from '../../commands/replay-stripe.js';
import { makeEvents } from '../fakes/stripe/events.js';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe/fake-stripe.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

let fake: FakeStripe;
let t: TestBot;
afterEach(async () => {
  await t?.close();
  await fake?.close();
});

async function setup(count: number, rate = '100') {
  fake = await startFakeStripe();
  const now = Math.floor(Date.now() / 1000);
  fake.addEvents(makeEvents({ count, since: now - 3600, until: now - 60 }));
  t = await startTestBot({
    commands: [replayStripe],
    env: { STRIPE_SECRET_KEY: 'sk_test_fake', STRIPE_API_URL: fake.url, STRIPE_WEBHOOK_ENDPOINT: 'we_fake', STRIPE_REPLAY_RATE: rate },
  });
}

/** 200 events at 20/s, approved by bob; resolves once 5 went out (the approval itself settles at the end). */
async function startSlowReplay(): Promise<{ approved: Promise<void> }> {
  await setup(200, '20');
  await t.say('/replay-stripe since:2h');
  const [approval] = t.approvals();
  await t.say(':as bob');
  const approved = t.say(`:react ${approval!.id} ✅`);
  while (fake.totalDeliveries() < 5) await new Promise((r) => setTimeout(r, 20));
  return { approved }; // wrapped: an awaited promise would otherwise wait for the whole replay
}

const allText = () => [...new Set(t.events.filter((e) => e.type === 'post' || e.type === 'update').map((e) => (e as { id: string }).id))].map((id) => t.text(id)).join('\n---\n');

describe('/replay-stripe', () => {
  it('posts the dry run, waits for approval, then replays once with one progress message and a report', async () => {
    await setup(30);
    await t.say('/replay-stripe since:2h type:invoice.*');
    expect(allText()).toMatch(/Failed events: 16/);
    expect(allText()).toMatch(/Replay 16 failed Stripe events/);
    expect(fake.totalDeliveries()).toBe(0); // nothing before approval
    const [approval] = t.approvals();
    expect(approval?.state).toBe('pending');

    await t.say(':as bob');
    await t.say(`:react ${approval!.id} ✅`);
    await t.bot.idle();
    expect(fake.totalDeliveries()).toBe(16);
    expect(fake.duplicates()).toBe(0);
    expect(allText()).toMatch(/Stripe replay finished: 16 delivered, 0 skipped/);
    expect(allText()).toMatch(/16\/16 events \(16 delivered/); // the progress message, final state

    // A second approval of the same window delivers nothing new.
    await t.say(':as alice');
    await t.say('/replay-stripe since:2h type:invoice.*');
    expect(allText()).toMatch(/Nothing to replay/);
    expect(fake.totalDeliveries()).toBe(16);
  });

  it('answers bad input plainly, before any approval', async () => {
    await setup(3);
    await t.say('/replay-stripe since:45d');
    await t.say('/replay-stripe since:2h type:Bad-Type');
    const said = [...t.notices(), allText()].join('\n');
    expect(said).toMatch(/more than 30 days ago/);
    expect(said).toMatch(/"Bad-Type" is not an event type pattern/);
    expect(t.approvals()).toEqual([]);
  });

  it('asks for everything it is missing at once: key, destination and a bad window in one answer', async () => {
    fake = await startFakeStripe();
    t = await startTestBot({ commands: [replayStripe], env: { STRIPE_API_URL: fake.url } });
    await t.say('/replay-stripe since:45d type:Bad-Type');
    const said = [...t.notices(), allText()].join('\n');
    expect(said).toContain('The replay cannot start yet; 4 things need fixing:');
    expect(said).toMatch(/• .*more than 30 days ago/);
    expect(said).toMatch(/• "Bad-Type" is not an event type pattern/);
    expect(said).toMatch(/• no webhook endpoint: pass one \(we_\.\.\.\) or set STRIPE_WEBHOOK_ENDPOINT/);
    expect(said).toMatch(/• no Stripe API key: set STRIPE_SECRET_KEY/);
    expect(t.approvals()).toEqual([]);
    expect(fake.counts.list).toBe(0); // nothing was asked of Stripe
  });

  it('stops a running replay on /replay-stripe cancel; the report says how to resume', async () => {
    const { approved } = await startSlowReplay();
    await t.say('/replay-stripe cancel');
    await approved;
    await t.bot.idle();
    expect(allText()).toMatch(/Stripe replay cancelled: \d+ delivered/);
    expect(allText()).toMatch(/Run the same replay again to resume/);
    expect(fake.totalDeliveries()).toBeLessThan(200);
  });

  it('stops a running replay when an approver reacts ❌ on its progress message; strangers cannot', async () => {
    const { approved } = await startSlowReplay();
    const progress = t.events.find((e) => e.type === 'post' && e.message.blocks.some((b) => b.type === 'header' && b.text === 'Stripe replay: running'))!;
    const react = (user: string) => t.bot.handlers.onReaction({ message: { channel: t.adapter.channel, id: (progress as { id: string }).id }, emoji: '❌', actor: t.adapter.actor(user) });
    await react('mallory');
    const before = fake.totalDeliveries();
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.totalDeliveries()).toBeGreaterThan(before); // a stranger's ❌ changed nothing
    await react('carol');
    await approved;
    await t.bot.idle();
    expect(allText()).toMatch(/Stripe replay cancelled: \d+ delivered/);
    expect(fake.totalDeliveries()).toBeLessThan(200);
    expect(t.notices('carol').join('\n')).not.toMatch(/not an approval request/);
  });
});
