import { afterEach, describe, expect, it } from 'vitest';

import { msg, type Message } from '../../../src/core/message.js';
import type { ApiMessage } from '../../fakes/discord/fake-discord.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const channelRef = (h: Harness) => ({ platform: 'discord' as const, id: h.fake.channel.id, name: 'incident' });
const stored = (h: Harness, id: string): ApiMessage => h.fake.state.messages.get(id)!;

describe('slash commands', () => {
  it('defers the interaction first, then hands the core an Invocation with name:value args and roles', async () => {
    h = await startHarness();
    const { bob } = h.fake.members;
    const { id } = h.fake.slashCommand({ member: bob, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }, { name: 'note', type: 3, value: 'primary is "down"' }, { name: 'step', type: 4, value: 3 }] });
    await h.handlers.until(() => h.handlers.invocations.length === 1);

    const callback = h.fake.calls.find((c) => c.path.startsWith(`/interactions/${id}/`))!;
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } }); // deferred, ephemeral
    expect(callback.status).toBe(204);
    const inv = h.handlers.invocations[0]!;
    expect(inv.command).toBe('incident');
    expect(inv.args).toBe('topic:db note:"primary is \\"down\\"" step:3');
    expect(inv.channel).toEqual({ platform: 'discord', id: h.fake.channel.id, name: 'incident' });
    // role ids only: a role name is chosen by whoever can manage roles
    expect(inv.actor).toEqual({ platform: 'discord', id: bob.user.id, name: 'bob', roles: [h.fake.roles.sre.id] });
  });

  it('answers the deferred reply with a link to the run posted in the channel', async () => {
    h = await startHarness();
    h.handlers.onInvocationDo = async (inv) => {
      await h.adapter.post(inv.channel, { blocks: [msg.header('Incident: db'), msg.text('running diagnostics')] });
    };
    const { token } = h.fake.slashCommand({ member: h.fake.members.alice, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }] });
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(`/webhooks/`) && c.path.includes(token));
    const run = h.fake.messagesIn(h.fake.channel.id)[0]!;
    expect(run.embeds[0]).toMatchObject({ title: 'Incident: db', description: 'running diagnostics' });
    expect(edit.body.content).toBe(`Run posted: https://discord.com/channels/${h.fake.guildId}/${h.fake.channel.id}/${run.id}`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses commands outside the channel allowlist without calling the core', async () => {
    h = await startHarness({ channels: ['somewhere-else'] });
    const { token } = h.fake.slashCommand({ member: h.fake.members.alice, name: 'health' });
    const edit = await h.fake.waitForCall((c) => c.method === 'PATCH' && c.path.includes(token));
    expect(edit.body.content).toMatch(/does not take commands in this channel/);
    expect(h.handlers.invocations).toHaveLength(0);
  });
});

describe('reactions', () => {
  it('reports a reaction on a message the client never cached, fetching the partials', async () => {
    h = await startHarness();
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('approve step 2?')] });
    const { carol } = h.fake.members;
    h.fake.react({ member: carol, message: stored(h, ref.id), emoji: { name: '✅' } });
    await h.handlers.until(() => h.handlers.reactions.length === 1);
    expect(h.handlers.reactions[0]).toEqual({
      message: { channel: channelRef(h), id: ref.id },
      emoji: '✅',
      actor: { platform: 'discord', id: carol.user.id, name: 'carol', roles: [h.fake.roles.sre.id, h.fake.roles.oncall.id] },
    });
    // the message was uncached: discord.js had to fetch it
    expect(h.fake.calls.some((c) => c.method === 'GET' && c.path === `/channels/${h.fake.channel.id}/messages/${ref.id}`)).toBe(true);
  });

  it('reports custom emoji by name and ignores the bot’s own reactions and other people’s messages', async () => {
    h = await startHarness();
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('approve?')] });
    // the bot reacting to its own prompt: Discord echoes it back as MESSAGE_REACTION_ADD
    await h.adapter.client!.rest.put(`/channels/${h.fake.channel.id}/messages/${ref.id}/reactions/${encodeURIComponent('✅')}/@me`);
    const foreign = h.fake.seedMessage(h.fake.channel.id, 'someone else');
    h.fake.react({ member: h.fake.members.bob, message: foreign, emoji: { name: '✅' } });
    h.fake.react({ member: h.fake.members.bob, message: stored(h, ref.id), emoji: { name: 'shipit', id: '112233445566778899' } });
    await h.handlers.until(() => h.handlers.reactions.length >= 1);
    expect(h.handlers.reactions.map((r) => [r.emoji, r.actor.name, r.message.id])).toEqual([['shipit', 'bob', ref.id]]);
  });

  it('reports reactions inside a run thread against the incident channel and the thread', async () => {
    h = await startHarness();
    const root = await h.adapter.post(channelRef(h), { blocks: [msg.header('Incident: db')] });
    const req = await h.adapter.post(channelRef(h), { blocks: [msg.text('approve?')] }, { thread: root.id });
    expect(h.fake.state.channels.get(root.id)).toMatchObject({ type: 11, parent_id: h.fake.channel.id, name: 'Incident: db' });
    expect(stored(h, req.id).channel_id).toBe(root.id);
    h.fake.react({ member: h.fake.members.bob, message: stored(h, req.id), emoji: { name: '✅' } });
    await h.handlers.until(() => h.handlers.reactions.length === 1);
    expect(h.handlers.reactions[0]!.message).toEqual({ channel: { platform: 'discord', id: h.fake.channel.id, name: 'incident' }, id: req.id, thread: root.id });
  });
});

describe('buttons', () => {
  it('acknowledges a press at once (deferred update) and hands the core an Action', async () => {
    h = await startHarness();
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('approve?'), msg.buttons([{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }])] });
    const m = stored(h, ref.id);
    expect(m.components).toEqual([
      { type: 1, components: [{ type: 2, custom_id: 'approve', label: 'Approve', style: 3 }, { type: 2, custom_id: 'reject', label: 'Reject', style: 4 }] },
    ]);
    const { id } = h.fake.button({ member: h.fake.members.bob, message: m, customId: 'approve' });
    await h.handlers.until(() => h.handlers.actions.length === 1);
    expect(h.fake.calls.find((c) => c.path.startsWith(`/interactions/${id}/`))!.body).toEqual({ type: 6 });
    expect(h.handlers.actions[0]).toMatchObject({ actionId: 'approve', message: { id: ref.id, channel: { id: h.fake.channel.id } }, actor: { name: 'bob', roles: [h.fake.roles.sre.id] } });
  });
});

describe('notices', () => {
  it('sends a notice as an ephemeral follow-up on the person’s live interaction, else as a DM', async () => {
    h = await startHarness();
    const { alice, dave } = h.fake.members;
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('x'), msg.buttons([{ id: 'approve', label: 'Approve' }])] });
    const { token } = h.fake.button({ member: alice, message: stored(h, ref.id), customId: 'approve' });
    await h.handlers.until(() => h.handlers.actions.length === 1);
    const aliceActor = h.handlers.actions[0]!.actor;
    await h.adapter.notify(aliceActor, channelRef(h), 'you cannot approve your own request');
    const follow = h.fake.calls.find((c) => c.method === 'POST' && c.path === `/webhooks/${h.fake.state.applicationId}/${token}`)!;
    expect(follow.body).toMatchObject({ content: 'you cannot approve your own request', flags: 64, allowed_mentions: { parse: [] } });

    await h.adapter.notify({ platform: 'discord', id: dave.user.id, name: 'dave', roles: [] }, channelRef(h), 'only approvers may approve');
    const dm = [...h.fake.state.channels.values()].find((c) => c.type === 1 && c.recipients?.[0]?.id === dave.user.id)!;
    expect(h.fake.messagesIn(dm.id).map((m) => m.content)).toEqual(['only approvers may approve']);
  });
});

describe('gateway', () => {
  it('resumes after a dropped connection and delivers what was dispatched meanwhile', async () => {
    h = await startHarness();
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('approve?')] });
    const resumed = h.fake.gateway.waitFor('resumed');
    h.fake.gateway.dropConnection();
    h.fake.react({ member: h.fake.members.bob, message: stored(h, ref.id), emoji: { name: '✅' } });
    await resumed;
    await h.handlers.until(() => h.handlers.reactions.length === 1);
    expect(h.fake.gateway.resumes).toBe(1);
    expect(h.fake.gateway.identifies).toBe(1);
    expect(h.adapter.ready()).toBe(true);
  });

  it('reconnects when told to (op 7) and re-identifies when the session is gone', async () => {
    h = await startHarness();
    const identified = h.fake.gateway.waitFor('identified');
    h.fake.gateway.invalidateSession();
    h.fake.gateway.requestReconnect();
    await identified;
    expect(h.fake.gateway.identifies).toBe(2);
    h.fake.slashCommand({ member: h.fake.members.alice, name: 'health' });
    await h.handlers.until(() => h.handlers.invocations.length === 1);
    expect(h.handlers.invocations[0]!.command).toBe('health');
  });
});
