/**
 * Reminders on an injected clock: one per quiet interval, reset by a status change or the
 * commander's note, snoozed by the button, kept across a restart, and sent by one replica of two.
 */
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { renderPlainText } from '../../../src/core/message.js';
import { pgTestStore } from '../../helpers/test-store.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const CONFIG = 'rateLimit: { perUser: 100 }\nincidents: { reminders: { SEV2: 45s, default: 2h } }';
const bots: TestBot[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.close().catch(() => undefined);
});

async function bot(opts: Parameters<typeof startTestBot>[0] = {}): Promise<TestBot> {
  const b = await startTestBot({ configText: CONFIG, ...opts });
  bots.push(b);
  return b;
}

const reminders = async (t: TestBot) => (await t.bot.incidents.timeline('INC-1')).filter((e) => e.type === 'reminder');

it('reminds once per quiet interval; a status change or the commander’s note starts the interval again', async () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 9));
  const t = await bot({ clock });
  await t.say('/incident declare Checkout errors sev:2');
  await t.say(':channel inc-1-checkout-errors');
  await clock.advance(44_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(0);
  await clock.advance(2_000);
  await t.bot.incidentDesk.reminders.tick();
  await t.bot.idle();
  expect(await reminders(t)).toHaveLength(1);
  const post = t.events.filter((e) => e.type === 'post').at(-1)!;
  const text = post.type === 'post' ? renderPlainText(post.message) : '';
  expect(text).toMatch(/alice, INC-1 has had no status update for 4\d(\.\d)?s/);
  expect(text).toContain('[Post update] [Snooze 30m]');
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(1);

  await clock.advance(30_000);
  await t.say('/incident note checking the payment provider'); // alice is the commander
  await clock.advance(30_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(1);
  await clock.advance(20_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(2);

  // Snooze: nothing for 30 minutes.
  await t.say(`:press ${post.type === 'post' ? post.id : ''} incident-snooze`);
  expect(t.notices('alice').at(-1)).toMatch(/Snoozed/);
  await clock.advance(29 * 60_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(2);
  await clock.advance(90_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(3);

  await t.say('/incident resolve');
  await clock.advance(10 * 60_000);
  await t.bot.incidentDesk.reminders.tick();
  expect(await reminders(t)).toHaveLength(3);
});

it('a reminder due during a restart is sent after it', async () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 9));
  const first = await bot({ clock });
  await first.say('/incident declare Queue backlog sev:2');
  await first.bot.stop();
  await clock.advance(60_000);
  const again = await bot({ clock, dataDir: first.services.dataDir });
  await again.bot.incidentDesk.reminders.tick();
  expect(await reminders(again)).toHaveLength(1);
});

it('two replicas on PostgreSQL: one INC number per declare, one reminder per interval', async () => {
  const pg = await pgTestStore();
  try {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 9));
    const a = await bot({ clock, store: await pg.reopen(), idPrefix: 'a' });
    const b = await bot({ clock, store: await pg.reopen(), idPrefix: 'b' });
    await Promise.all([a.say('/incident declare One sev:2'), b.say('/incident declare Two sev:2'), a.say('/incident declare Three sev:2')]);
    expect((await a.bot.incidents.list()).map((i) => i.ref).sort()).toEqual(['INC-1', 'INC-2', 'INC-3']);
    await clock.advance(46_000);
    await Promise.all([a.bot.incidentDesk.reminders.tick(), b.bot.incidentDesk.reminders.tick(), a.bot.incidentDesk.reminders.tick(), b.bot.incidentDesk.reminders.tick()]);
    await a.bot.idle();
    await b.bot.idle();
    for (const ref of ['INC-1', 'INC-2', 'INC-3']) expect((await a.bot.incidents.timeline(ref)).filter((e) => e.type === 'reminder')).toHaveLength(1);
  } finally {
    for (const x of bots.splice(0)) await x.bot.stop().catch(() => undefined);
    await pg.close();
  }
});
