/**
 * Incidents on Discord through the real discord.js client against the fake: a text channel under
 * the configured category (summary pinned, postmortem attached), or a thread under the summary;
 * without Manage Channels / Manage Messages, a thread in place and a message naming the permission.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { createDiscordAdapter } from '../../../src/adapters/discord/index.js';
import { createBot, type CoreBot } from '../../../src/core/bot.js';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { startFakeDiscord, type ApiMessage, type FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { wireAlerts } from '../../../src/integrations/alerts/alerts-runtime.js';
import { normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { buildTestServices, ROOT, silentLogger } from '../../helpers/test-bot.js';
import { dbRunbook } from '../../helpers/runbook-fixtures.js';
import { alertmanagerPayload } from '../../integrations/alerts/fixtures/payloads.js';

let fake: FakeDiscord;
let bot: CoreBot;
let services: Awaited<ReturnType<typeof buildTestServices>>;

afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  await services?.cleanup();
});

async function start(incidents: { category?: string; channel?: string } = {}, extra: { runbooks?: Record<string, string>; configText?: string } = {}): Promise<void> {
  services = await buildTestServices({ configText: `rateLimit: { perUser: 100 }\n${extra.configText ?? ''}`, ...(extra.runbooks ? { runbooks: extra.runbooks } : {}) });
  const adapter = createDiscordAdapter({
    config: { token: 'test-token', applicationId: fake.state.applicationId, guildId: fake.guildId, apiUrl: fake.apiUrl, channels: [], approverRoles: [fake.roles.sre.id], approverUsers: [] },
    approval: services.config.approval,
    logger: silentLogger,
    incidents,
  });
  bot = createBot({ services, adapters: [adapter], commands: await loadCommands(path.join(ROOT, 'commands')) });
  await bot.start();
}

async function eventually<T>(fn: () => T | undefined | false): Promise<T> {
  for (;;) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const all = () => [...fake.state.messages.values()];
const shown = (m: ApiMessage) => `${m.content} ${JSON.stringify(m.embeds)}`;

async function incident(text: string, channelId?: string): Promise<void> {
  fake.slashCommand({ member: fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: text }], ...(channelId ? { channelId } : {}) });
  // The command is done when the deferred reply is answered (or its follow-up sent).
  await eventually(() => fake.calls.some((c) => (c.method === 'PATCH' || c.method === 'POST') && c.path.startsWith('/webhooks/')));
  await bot.idle();
  fake.calls.length = 0;
}

it('with a category: a text channel under it, the summary pinned, a link back, the postmortem attached', async () => {
  fake = await startFakeDiscord();
  const category = fake.state.addChannel('incidents');
  await start({ category: category.id });
  await incident('declare Checkout is failing sev:1');
  const channel = await eventually(() => [...fake.state.channels.values()].find((c) => c.name === 'inc-1-checkout-is-failing'));
  expect(channel.parent_id).toBe(category.id);
  const summary = all().find((m) => m.channel_id === channel.id)!;
  expect(shown(summary)).toContain('INC-1');
  expect(fake.incident.pins).toEqual([{ channelId: channel.id, messageId: summary.id }]);
  expect(all().some((m) => m.channel_id === fake.channel.id && shown(m).includes('#inc-1-checkout-is-failing'))).toBe(true);

  await incident('resolve rolled back the cart', channel.id);
  await incident('postmortem', channel.id);
  const file = await eventually(() => fake.incident.attachments.find((a) => a.channelId === channel.id));
  expect(file.filename).toBe('inc-1-postmortem.md');
  expect(file.content).toContain('# INC-1: Checkout is failing');
});

it('📌 on a member\'s message in the incident channel puts it on the timeline, as on Slack; ✅ on it says nothing', async () => {
  fake = await startFakeDiscord();
  const category = fake.state.addChannel('incidents');
  await start({ category: category.id });
  await incident('declare Checkout is failing sev:1');
  const channel = await eventually(() => [...fake.state.channels.values()].find((c) => c.name === 'inc-1-checkout-is-failing'));
  const said = fake.seedMessage(channel.id, 'cart pods are OOM-killed since 09:40');
  fake.react({ member: fake.members.bob, message: said, emoji: { name: '✅' } });
  fake.react({ member: fake.members.bob, message: said, emoji: { name: '📌' } });
  let pins: { text: string; actor: { id: string } }[] = [];
  while (pins.length === 0) {
    await new Promise((r) => setTimeout(r, 20));
    pins = (await services.incidents!.timeline('INC-1')).filter((e) => e.type === 'pinned');
  }
  await bot.idle();
  expect(pins).toHaveLength(1);
  expect(pins[0]!.text).toContain('cart pods are OOM-killed since 09:40');
  expect(pins[0]!.actor.id).toBe(fake.members.bob.user.id);
  expect(fake.calls.filter((c) => /not an approval request/.test(JSON.stringify(c.body ?? {})))).toEqual([]);
});

it('without Manage Channels or Manage Messages: the incident is a thread where it was declared, and the message names both', async () => {
  fake = await startFakeDiscord();
  fake.incident.manageChannels = false;
  fake.incident.manageMessages = false;
  await start({ category: fake.state.addChannel('incidents').id });
  await incident('declare Payments failing');
  const inc = await services.incidents!.get('INC-1');
  expect(inc.channel).toMatchObject({ id: fake.channel.id });
  expect(inc.channel?.thread).toBeTruthy();
  const said = all().map(shown).join('\n');
  expect(said).toContain('Manage Channels');
  expect(said).toContain('Manage Messages');
});

it('without a category: a thread under the summary in the configured incidents channel', async () => {
  fake = await startFakeDiscord();
  const incidents = fake.state.addChannel('incidents');
  await start({ channel: incidents.id });
  await incident('declare Search is slow');
  const inc = await services.incidents!.get('INC-1');
  expect(inc.channel).toMatchObject({ id: incidents.id, name: 'inc-1-search-is-slow' });
  const summary = all().find((m) => m.id === inc.summaryMessageId)!;
  expect(summary.channel_id).toBe(incidents.id);
  expect(all().some((m) => m.channel_id === fake.channel.id && shown(m).includes('INC-1 declared'))).toBe(true);
});

const DB = dbRunbook({ frontMatter: 'alerts: [{ alertname: PostgresDown }]' });

describe.each([
  { fallback: 'no category: a thread in the incidents channel', setup: () => ({ channel: fake.state.addChannel('incidents').id }) },
  {
    fallback: 'no Manage Channels: a thread where it was declared',
    setup: () => {
      fake.incident.manageChannels = false;
      return { category: fake.state.addChannel('incidents').id };
    },
  },
])('an incident that is a thread ($fallback) gets its runs in that thread', ({ setup }) => {
  const runs = (_thread: string) => all().filter((m) => shown(m).includes('diag-ok') && shown(m).includes('Started by'));
  const nestedThreads = (threadId: string) => fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith(`/channels/${threadId}/messages/`) && c.path.endsWith('/threads'));

  it('/incident db: diagnostics, the approval and its ✅ all in the thread; a step typed in the thread runs there too', async () => {
    fake = await startFakeDiscord();
    await start(setup(), { runbooks: { 'db.md': DB } });
    fake.slashCommand({ member: fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }] });
    const request = await eventually(() => all().find((m) => shown(m).includes('Approval needed')));
    await bot.idle();
    const inc = await services.incidents!.get('INC-1');
    const thread = inc.channel!.thread!;
    expect(thread).toBeTruthy();
    expect(fake.state.channels.get(thread)).toMatchObject({ type: 11, parent_id: inc.channel!.id });
    // The run overview (with the diagnostic's output) and the approval request are in the incident thread.
    expect(runs(thread).map((m) => m.channel_id)).toEqual([thread]);
    expect(request.channel_id).toBe(thread);
    expect(all().filter((m) => m.channel_id !== thread && shown(m).includes('diag-ok'))).toEqual([]);
    expect(nestedThreads(thread)).toEqual([]);

    fake.react({ member: fake.members.bob, message: request, emoji: { name: '✅' } });
    await eventually(() => shown(fake.state.messages.get(request.id)!).includes('✅ Done'));
    await bot.idle();
    expect(all().some((m) => m.channel_id === thread && shown(m).includes('recovered-ok'))).toBe(true);
    expect((await services.incidents!.timeline('INC-1')).map((e) => e.type)).toEqual(expect.arrayContaining(['run_started', 'approval_requested', 'approval_decided']));

    // Typed inside the incident thread: that run goes in the thread as well.
    fake.slashCommand({ member: fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }, { name: 'step', type: 4, value: 1 }], channelId: thread });
    await eventually(() => runs(thread).length === 2);
    expect(runs(thread).map((m) => m.channel_id)).toEqual([thread, thread]);
    expect(nestedThreads(thread)).toEqual([]);
  });

  it('from:N typed in the incident thread continues the run that lives there', async () => {
    fake = await startFakeDiscord();
    await start(setup(), { runbooks: { 'db.md': DB } });
    fake.slashCommand({ member: fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }] });
    const request = await eventually(() => all().find((m) => shown(m).includes('Approval needed')));
    fake.react({ member: fake.members.bob, message: request, emoji: { name: '❌' } });
    await eventually(() => all().some((m) => shown(m).includes('was rejected, so the run stopped')));
    await bot.idle();
    const thread = (await services.incidents!.get('INC-1')).channel!.thread!;
    fake.slashCommand({ member: fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }, { name: 'from', type: 4, value: 2 }], channelId: thread });
    const resumed = await eventually(() => all().find((m) => shown(m).includes('continues this run from step 2')));
    expect(resumed.channel_id).toBe(thread);
    // the step asks again: a new request, in the thread
    const again = await eventually(() => all().find((m) => m.id !== request.id && shown(m).includes('Approval needed')));
    expect(again.channel_id).toBe(thread);
  });

  it('an alert declaring an incident that is a thread runs its diagnostics in the thread', async () => {
    fake = await startFakeDiscord();
    await start(setup(), { runbooks: { 'db.md': DB }, configText: `alerts: { channel: { discord: "${fake.channel.id}" } }` });
    const alerts = wireAlerts(bot, services);
    await alerts.resume();
    try {
      const id = await alerts.inbox.add(normalizePayload('alertmanager', alertmanagerPayload()));
      await alerts.processor.enqueue(id);
      await eventually(() => all().find((m) => shown(m).includes('Approval needed')));
      await alerts.idle();
      const thread = (await services.incidents!.get('INC-1')).channel!.thread!;
      expect(runs(thread).map((m) => m.channel_id)).toEqual([thread]);
      expect(nestedThreads(thread)).toEqual([]);
    } finally {
      await alerts.stop();
    }
  });
});
