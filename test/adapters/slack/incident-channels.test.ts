/**
 * Incidents on Slack through the real Bolt client against the fake Slack: a channel per incident
 * (created, responders invited, topic set, summary pinned), the postmortem as a file, 📌 on a
 * person's message; and without the scopes, a thread in the origin channel that names the scope.
 */
import { afterEach, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { ALL_SCOPES } from '../../fakes/slack/fake-channels.js';
import { FakeSlack, type PostedMessage } from '../../fakes/slack/fake-slack.js';
import { reactionPayload, slashCommandPayload } from '../../fakes/slack/payloads.js';
import { ROOT, silentLogger, startTestBot, type TestBot } from '../../helpers/test-bot.js';
import path from 'node:path';

const C = 'C0ORIGIN';
let fake: FakeSlack;
let t: TestBot;

afterEach(async () => {
  await t?.close();
  await fake?.close();
});

async function start(scopes = ALL_SCOPES, configText = ''): Promise<void> {
  fake = await new FakeSlack({ users: { U1ALICE: 'alice', U2BOB: 'bob', U3CAROL: 'carol' }, scopes }).start();
  const commands = await loadCommands(path.join(ROOT, 'commands'));
  const { adapter } = createSlackAdapter({
    config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, channels: [], approverGroups: [], approverUsers: ['U3CAROL'] },
    approval: { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: [], approverUsers: [] },
    commands,
    logger: silentLogger,
  });
  t = await startTestBot({ commands, extraAdapters: [adapter], configText: `rateLimit: { perUser: 100 }\nincidents: { responders: { slack: [U2BOB] } }\n${configText}` });
}

const slash = async (channel: string, text: string, user = 'U1ALICE', userName = 'alice') => {
  await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/incident', text, user, userName, channel }));
  await t.bot.idle();
};
const text = (m: PostedMessage | undefined) => (m ? `${m.text} ${JSON.stringify(m.blocks)}` : '');

it('declares into a new channel: created, responders invited, topic set, summary pinned, a link in the origin channel', async () => {
  await start();
  await slash(C, 'declare Checkout @here is failing sev:1');
  const channel = await fake.waitFor(() => fake.channelApi.byName('inc-1-checkout-here-is-failing'), 'the incident channel');
  expect(channel.members.sort()).toEqual(['U1ALICE', 'U2BOB']);
  expect(channel.topic).toContain('INC-1 · SEV1 · investigating');
  const [summary] = fake.channelMessages(channel.id);
  expect(text(summary)).toContain('INC-1');
  expect(fake.channelApi.pins).toEqual([{ channel: channel.id, timestamp: summary!.ts }]);
  const link = fake.channelMessages(C).at(-1)!;
  expect(text(link)).toContain('#inc-1-checkout-here-is-failing');
  expect(JSON.stringify(fake.calls)).not.toContain('@here');

  // Inside: a status change updates the topic; a person's message pinned with 📌 is on the timeline.
  await slash(channel.id, 'status identified cart deploy');
  expect(channel.topic).toContain('identified');
  const ts = fake.userMessage(channel.id, 'U2BOB', 'cart pods are crash-looping');
  await fake.deliver('events_api', reactionPayload(fake, { user: 'U1ALICE', reaction: 'pushpin', channel: channel.id, ts, itemUser: 'U2BOB' }));
  await t.bot.idle();
  const pinned = (await t.bot.incidents.timeline('INC-1')).find((e) => e.type === 'pinned');
  expect(pinned).toMatchObject({ actor: { id: 'U1ALICE' }, data: { author: { id: 'U2BOB', name: 'bob' } } });
  expect(pinned!.at).toBe(new Date(Number(ts) * 1000).toISOString());

  await slash(channel.id, 'role scribe <@U3CAROL|carol>');
  expect((await t.bot.incidents.get('INC-1')).roles.scribe).toEqual({ id: 'U3CAROL', name: 'carol' });

  await slash(channel.id, 'resolve rolled back');
  await slash(channel.id, 'postmortem');
  const file = await fake.waitFor(() => fake.channelApi.files.find((f) => f.channel === channel.id && f.content), 'the postmortem file');
  expect(file).toMatchObject({ filename: 'inc-1-postmortem.md', title: 'INC-1 postmortem draft' });
  expect(file.content).toContain('# INC-1: Checkout');
  expect(file.content).toContain('| Resolved |');
});

it('a taken channel name gets a suffix', async () => {
  await start();
  fake.channelApi.answer('conversations.create', { name: 'inc-1-search-is-slow' });
  await slash(C, 'declare Search is slow');
  expect(fake.channelApi.byName('inc-1-search-is-slow-2')).toBeTruthy();
  expect((await t.bot.incidents.get('INC-1')).channel?.name).toBe('inc-1-search-is-slow-2');
});

it('without channels:manage: a thread in the origin channel that names the scope; without pins:write and files:write, says so', async () => {
  await start(ALL_SCOPES.filter((s) => !['channels:manage', 'pins:write', 'files:write'].includes(s)));
  await slash(C, 'declare Payments failing sev:1');
  const root = await fake.waitFor(() => fake.channelMessages(C).find((m) => !m.thread_ts), 'the summary root');
  expect(text(root)).toContain('INC-1');
  const replies = fake.thread(C, root.ts).map(text).join('\n');
  expect(replies).toContain('channels:manage');
  expect(replies).toContain('pins:write');
  const inc = await t.bot.incidents.get('INC-1');
  expect(inc.channel).toMatchObject({ id: C, thread: root.ts });
  await slash(C, 'postmortem INC-1');
  const after = fake.thread(C, root.ts).map(text).join('\n');
  expect(after).toContain('files:write');
  expect(after).toContain('# INC-1: Payments failing');
});
