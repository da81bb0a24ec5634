/**
 * A whole incident through the console and the real core: /incident <runbook> declares INC-1 and
 * opens #inc-1-<slug>, the subcommands move it along, and every bad input gets a private answer
 * with nothing lost and no ping escaping.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ConsoleEvent } from '../../../../src/adapters/console/console-adapter.js';
import { renderPlainText } from '../../../../src/core/message.js';
import { startTestBot, type TestBot } from '../../../helpers/test-bot.js';
import { dbRunbook } from '../../../helpers/runbook-fixtures.js';

const RUNBOOK = dbRunbook({ frontMatter: 'severity: SEV-1', diagnosis: 'echo "pool: 100/100"', recovery: null });

let t: TestBot;
beforeEach(async () => {
  // An incident commander types many commands in a minute.
  t = await startTestBot({ runbooks: { 'db.md': RUNBOOK }, configText: 'rateLimit: { perUser: 100 }' });
});
afterEach(async () => {
  await t.close();
});

type Post = ConsoleEvent & { type: 'post' | 'update' };
const posts = (channel?: string): Post[] => t.events.filter((e): e is Post => (e.type === 'post' || e.type === 'update') && (!channel || e.channel === channel));
const CH = 'inc-1-database-connection-failure';

it('/incident <runbook> outside an incident channel declares INC-1, opens its channel, links back and runs there', async () => {
  await t.say('/incident db');
  const inc = await t.bot.incidents.get('INC-1');
  expect(inc).toMatchObject({ ref: 'INC-1', title: 'Database connection failure', severity: 'SEV1', status: 'investigating', channel: { id: CH, thread: null }, runbooks: ['db'] });
  const origin = posts('incident');
  expect(origin).toHaveLength(1);
  expect(renderPlainText(origin[0]!.message)).toContain(`INC-1 declared by alice`);
  expect(renderPlainText(origin[0]!.message)).toContain(`#${CH}`);
  const inside = posts(CH).map((p) => renderPlainText(p.message)).join('\n');
  expect(inside).toContain('INC-1 · Database connection failure'); // the summary
  expect(inside).toContain('pool: 100/100'); // the run, in the incident channel
  expect((await t.bot.incidents.timeline('INC-1')).map((e) => e.type)).toEqual(['declared', 'run_started', 'step_finished']);

  // Inside the incident channel, the runbook runs as part of INC-1: no second incident.
  await t.say(`:channel ${CH}`);
  await t.say('/incident db');
  expect(await t.bot.incidents.list()).toHaveLength(1);
  expect((await t.bot.incidents.timeline('INC-1')).filter((e) => e.type === 'run_started')).toHaveLength(2);
});

it('status, severity, roles, notes, follow-ups and resolve; the summary is edited in place', async () => {
  await t.say('/incident declare Checkout is failing sev:2');
  const ch = 'inc-1-checkout-is-failing';
  await t.say(`:channel ${ch}`);
  await t.say('/incident status identified bad deploy of "cart" at 09:12');
  await t.say('/incident sev 1');
  await t.say('/incident role comms @bob');
  await t.say('/incident lead @carol');
  await t.say('/incident note rolled back cart: v1.2.3');
  await t.say('/incident followup alert on cart error rate');
  await t.say('/incident status monitoring');
  await t.say('/incident resolve error rate back to normal');
  const inc = await t.bot.incidents.get('INC-1');
  expect(inc).toMatchObject({ status: 'resolved', severity: 'SEV1', roles: { commander: { id: 'carol' }, comms: { id: 'bob' }, scribe: null }, summary: 'error rate back to normal' });
  expect(inc.mitigatedAt).not.toBeNull();
  const timeline = await t.bot.incidents.timeline('INC-1');
  expect(timeline.map((e) => e.type)).toEqual(['declared', 'status_changed', 'severity_changed', 'role_assigned', 'role_assigned', 'note', 'followup', 'status_changed', 'resolved']);
  expect(timeline.find((e) => e.type === 'status_changed')!.text).toContain('bad deploy of "cart" at 09:12');
  const summaryId = inc.summaryMessageId!;
  await t.bot.idle();
  expect(t.text(summaryId)).toContain('Status: resolved');
  expect(t.text(summaryId)).toContain('Comms: bob');
  expect(t.events.filter((e) => e.type === 'post' && e.id === summaryId)).toHaveLength(1);

  await t.say('/incident timeline');
  expect(renderPlainText(posts(ch).at(-1)!.message)).toContain('resolved · alice');
  await t.say('/incidents');
  expect(t.notices('alice')).toEqual([expect.stringMatching(/Noted/), expect.stringMatching(/Follow-up recorded/)]);
  expect(renderPlainText(posts(ch).at(-1)!.message)).toContain('No open incidents');
});

it('answers bad input privately and changes nothing', async () => {
  await t.say('/incident note outside any incident');
  await t.say('/incident declare ' + 'x'.repeat(10_000));
  await t.say('/incident declare ' + 'y'.repeat(500));
  await t.say('/incident declare Cart @here <!channel> @everyone down');
  await t.say('/incident frobnicate');
  await t.say('/incident resolv');
  const ch = 'inc-1-cart-here-channel-everyone-down';
  await t.say(`:channel ${ch}`);
  await t.say('/incident sev 9');
  await t.say('/incident sev:7');
  await t.say('/incident status sideways');
  await t.say('/incident role commander @nobody');
  await t.say('/incident role janitor @bob');
  await t.say('/incident resolve');
  await t.say(':as bob');
  await t.say('/incident resolve');
  const alice = t.notices('alice');
  expect(alice[0]).toMatch(/not an incident channel/);
  expect(alice[1]).toMatch(/too long \(10008 characters/);
  expect(alice[2]).toMatch(/title is too long \(500 characters/);
  expect(alice.join('\n')).toMatch(/Did you mean \/incident resolve/);
  expect(alice.join('\n')).toMatch(/No runbook "frobnicate"/);
  expect(alice.filter((n) => /not a severity/.test(n))).toHaveLength(2);
  expect(alice.join('\n')).toMatch(/"sideways" is not a status/);
  expect(alice.join('\n')).toMatch(/do not know a user "@nobody"/);
  expect(alice.join('\n')).toMatch(/"janitor" is not a role/);
  expect(t.notices('bob')).toEqual([expect.stringMatching(/INC-1 is already resolved; nothing was changed/)]);

  const inc = await t.bot.incidents.get('INC-1');
  expect(inc.severity).toBe('SEV2');
  expect(await t.bot.incidents.list()).toHaveLength(1);
  expect((await t.bot.incidents.timeline('INC-1')).map((e) => e.type)).toEqual(['declared', 'resolved']);
  // No ping escapes: not in posts, not in the stored title.
  const everything = JSON.stringify(posts().map((p) => renderPlainText(p.message))) + inc.title;
  expect(everything).not.toMatch(/@here|<!channel>|@everyone/);
});

it('📌 on a message in the incident channel is on the timeline once; elsewhere it is refused privately', async () => {
  await t.say('/incident declare Queue backlog');
  await t.say(':say the consumer died at 09:40');
  const outside = t.events.filter((e) => e.type === 'post').at(-1)!;
  await t.say(`:react ${(outside as Post).id} 📌`);
  await t.say(':channel inc-1-queue-backlog');
  await t.say(':as bob');
  await t.say(':say disk full on worker-3 <!here>');
  const said = (t.events.filter((e) => e.type === 'post').at(-1) as Post).id;
  await t.say(':as alice');
  await t.say(`:react ${said} 📌`);
  await t.say(`:react ${said} pushpin`);
  const pins = (await t.bot.incidents.timeline('INC-1')).filter((e) => e.type === 'pinned');
  expect(pins).toHaveLength(1);
  expect(pins[0]).toMatchObject({ actor: { id: 'alice' }, data: { author: { id: 'bob', name: 'bob' }, message: said } });
  expect(pins[0]!.text).toContain('disk full on worker-3');
  expect(pins[0]!.text).not.toContain('<!here>');
  const notes = t.notices('alice').join('\n');
  expect(notes).toMatch(/not one\. Nothing was recorded/);
  expect(notes).toMatch(/already on INC-1's timeline/);
});

it('claim buttons on the summary give the role to whoever presses first', async () => {
  await t.say('/incident declare Search is slow');
  const inc = await t.bot.incidents.get('INC-1');
  await t.say(':as bob');
  await t.say(`:press ${inc.summaryMessageId} incident-claim-scribe`);
  // carol pressed too, before the summary edit removed the button (a race the console cannot type)
  await t.bot.handlers.onAction({ message: { channel: { platform: 'console', id: 'inc-1-search-is-slow' }, id: inc.summaryMessageId! }, actionId: 'incident-claim-scribe', actor: t.adapter.actor('carol') });
  await t.bot.idle();
  expect((await t.bot.incidents.get('INC-1')).roles.scribe).toEqual({ id: 'bob', name: 'bob' });
  expect(t.notices('carol').join('\n')).toMatch(/bob is already the scribe/);
  await t.bot.idle();
  expect(t.text(inc.summaryMessageId!)).toContain('Scribe: bob');
  expect(t.text(inc.summaryMessageId!)).not.toContain('Claim scribe');
});
