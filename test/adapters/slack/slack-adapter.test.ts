import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import type { ChatAdapter } from '../../../src/core/chat.js';
import { ManualClock } from '../../../src/core/clock.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { blockActionPayload, reactionPayload, slashCommandPayload } from '../../fakes/slack/payloads.js';
import { RecordingHandlers } from '../../fakes/slack/recording-handlers.js';

const logger = pino({ level: 'silent' });
const approval = { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: ['approver'], approverUsers: [] };
const commands = [{ name: 'incident', description: 'Run a runbook' }, { name: 'health', description: 'Health' }];

describe('Slack adapter in Socket Mode', () => {
  let fake: FakeSlack;
  let adapter: ChatAdapter;
  let handlers: RecordingHandlers;
  const clock = new ManualClock();

  beforeEach(async () => {
    fake = await new FakeSlack({ userGroups: { S0ONCALL: ['U2BOB'] }, users: { U1ALICE: 'alice', U2BOB: 'bob', U3CAROL: 'carol' } }).start();
    handlers = new RecordingHandlers();
    ({ adapter } = createSlackAdapter({
      config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, channels: ['C0INC'], approverGroups: ['S0ONCALL'], approverUsers: ['U3CAROL'] },
      approval,
      commands,
      logger,
      clock,
    }));
    await adapter.start(handlers);
  });

  afterEach(async () => {
    await adapter.stop();
    await fake.close();
  });

  it('connects over Socket Mode with the app token and reports ready', async () => {
    expect(adapter.ready()).toBe(true);
    const open = fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(fake.appToken);
  });

  it('acks a slash command and hands the core an Invocation with the caller, channel and roles', async () => {
    const ack = await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/incident', text: 'db step:2', user: 'U2BOB', userName: 'bob', channel: 'C0INC' }));
    expect(ack).toEqual({}); // an empty ack: nothing shown to the user but the run itself
    const [inv] = await handlers.waitFor(() => handlers.invocations.length > 0 && handlers.invocations, 'an invocation');
    expect(inv).toMatchObject({
      command: 'incident',
      args: 'db step:2',
      platform: 'slack',
      actor: { platform: 'slack', id: 'U2BOB', name: 'bob' },
      channel: { platform: 'slack', id: 'C0INC' },
    });
    // bob is in the approver user group: its id, and no synthetic role a name could collide with
    expect(inv!.actor.roles.sort()).toEqual(['S0ONCALL']);
  });

  it('hands the core the configured approver ids (groups and users), never roles made from names', async () => {
    await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/health', user: 'U3CAROL', channel: 'C0INC' }));
    await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/health', user: 'U1ALICE', channel: 'C0INC' }));
    await handlers.waitFor(() => handlers.invocations.length === 2, 'two invocations');
    const roles = Object.fromEntries(handlers.invocations.map((i) => [i.actor.id, i.actor.roles]));
    expect(roles).toEqual({ U3CAROL: [], U1ALICE: [] });
    expect(adapter.approvers!()).toEqual({ roles: ['S0ONCALL'], users: ['U3CAROL'] });
  });

  it('caches user group members instead of asking Slack on every event, and refreshes them later', async () => {
    for (let i = 0; i < 3; i++) await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/health', user: 'U1ALICE', channel: 'C0INC' }));
    await handlers.waitFor(() => handlers.invocations.length === 3, 'three invocations');
    expect(fake.callsOf('usergroups.users.list')).toHaveLength(1);
    // alice joins the on-call group; after the refresh interval she counts as an approver
    fake.userGroups.S0ONCALL!.push('U1ALICE');
    await clock.advance(6 * 60_000);
    await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/health', user: 'U1ALICE', channel: 'C0INC' }));
    const inv = await handlers.waitFor(() => handlers.invocations[3], 'a fourth invocation');
    expect(inv.actor.roles).toContain('S0ONCALL');
    expect(fake.callsOf('usergroups.users.list')).toHaveLength(2);
  });

  it('refuses commands outside the allowed channels with an ephemeral answer and runs nothing', async () => {
    const ack = (await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/incident', text: 'db', user: 'U2BOB', channel: 'C0RANDOM' }))) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('<#C0INC>');
    await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/health', user: 'U2BOB', channel: 'C0INC' }));
    await handlers.waitFor(() => handlers.invocations.length === 1, 'the allowed invocation');
    expect(handlers.invocations.map((i) => i.command)).toEqual(['health']);
  });

  it('turns reaction_added into a Reaction with the reacting user, and ignores a redelivery', async () => {
    const payload = reactionPayload(fake, { user: 'U2BOB', reaction: 'white_check_mark', channel: 'C0INC', ts: '1767225601.000001' });
    await fake.deliver('events_api', payload);
    await fake.deliver('events_api', payload); // Slack retries an event it believes was lost
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U3CAROL', reaction: 'x', channel: 'C0INC', ts: '1767225601.000001' }));
    await handlers.waitFor(() => handlers.reactions.length === 2, 'two reactions');
    expect(handlers.reactions).toEqual([
      { message: { channel: { platform: 'slack', id: 'C0INC' }, id: '1767225601.000001' }, emoji: 'white_check_mark', actor: { platform: 'slack', id: 'U2BOB', name: 'bob', roles: ['S0ONCALL'] } },
      { message: { channel: { platform: 'slack', id: 'C0INC' }, id: '1767225601.000001' }, emoji: 'x', actor: { platform: 'slack', id: 'U3CAROL', name: 'carol', roles: [] } },
    ]);
  });

  it('ignores the bot reacting to its own messages', async () => {
    await fake.deliver('events_api', reactionPayload(fake, { user: fake.botUserId, reaction: 'eyes', channel: 'C0INC', ts: '1.1' }));
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U1ALICE', reaction: 'eyes', channel: 'C0INC', ts: '1.1' }));
    await handlers.waitFor(() => handlers.reactions.length === 1, 'one reaction');
    expect(handlers.reactions.map((r) => r.actor.id)).toEqual(['U1ALICE']);
  });

  it('acks a button press and turns it into an Action carrying the core button id', async () => {
    const ack = await fake.deliver('interactive', blockActionPayload(fake, { user: 'U3CAROL', userName: 'carol', actionId: 'approve', value: 'apr_1', channel: 'C0INC', messageTs: '1767225602.000002', threadTs: '1767225601.000001' }));
    expect(ack).toEqual({});
    const [action] = await handlers.waitFor(() => handlers.actions.length > 0 && handlers.actions, 'an action');
    expect(action).toEqual({
      message: { channel: { platform: 'slack', id: 'C0INC', name: 'incidents' }, id: '1767225602.000002', thread: '1767225601.000001' },
      actionId: 'approve',
      actor: { platform: 'slack', id: 'U3CAROL', name: 'carol', roles: [] },
    });
  });

  it('posts, threads, edits and privately notifies through the Web API', async () => {
    const channel = { platform: 'slack', id: 'C0INC' };
    const root = await adapter.post(channel, { blocks: [{ type: 'header', text: 'Incident: db' }] });
    const reply = await adapter.post(channel, { blocks: [{ type: 'text', text: 'step 1 running' }] }, { thread: root.id });
    await adapter.update(reply, { blocks: [{ type: 'text', text: 'step 1 done' }] });
    await adapter.notify({ platform: 'slack', id: 'U1ALICE', name: 'alice', roles: [] }, channel, 'Your reaction does not count: you asked for this step.');
    const [top, threaded] = fake.channelMessages('C0INC');
    expect(top!.text).toBe('Incident: db');
    expect(threaded).toMatchObject({ thread_ts: root.id, text: 'step 1 done', edits: 1 });
    expect(reply.thread).toBe(root.id);
    expect(fake.ephemerals).toEqual([{ channel: 'C0INC', user: 'U1ALICE', text: 'Your reaction does not count: you asked for this step.' }]);
  });
});
