/**
 * Full flows: the real Bolt client against the fake Slack, through the real chat core (runbook
 * parsing, real child processes writing marker files, SQLite, approvals). What is asserted is
 * what people in the channel would see: posted and edited messages, ephemeral notices.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { FakeSlack, type PostedMessage } from '../../fakes/slack/fake-slack.js';
import { blockActionPayload, reactionPayload, slashCommandPayload } from '../../fakes/slack/payloads.js';
import { ROOT, silentLogger, startTestBot, useAsIncidentChannel, type TestBot } from '../../helpers/test-bot.js';

const DEMO = `---
id: demo
title: Demo outage
severity: SEV-2
---
# Demo outage
## Symptoms
Checkout is slow and webhooks fail.
## Diagnosis
\`\`\`sh
echo "diagnostic ok <!channel>"
\`\`\`
\`\`\`sh
echo "token=$DEMO_TOKEN"
\`\`\`
## Recovery
\`\`\`sh {approve}
echo run >> "$MARKER_DIR/step3"
\`\`\`
`;

const LONG = ['---', 'id: long', 'title: Long runbook', '---', '# Long runbook', '## Recovery', ...Array.from({ length: 120 }, (_, i) => `Step ${i + 1}: check item ${i + 1}.\n\n\`\`\`text\nnote-${i + 1}\n\`\`\`\n`)].join('\n');

const C = 'C0INC';
let fake: FakeSlack;
let t: TestBot;
let markers: string;

const blocksText = (m: PostedMessage | undefined): string => (m ? JSON.stringify(m.blocks) : '');
const count = async (file: string): Promise<number> => (existsSync(path.join(markers, file)) ? (await readFile(path.join(markers, file), 'utf8')).trim().split('\n').length : 0);

async function slash(user: string, userName: string, command: string, text: string): Promise<unknown> {
  return fake.deliver('slash_commands', slashCommandPayload(fake, { command, text, user, userName, channel: C }));
}

/** waits until the approval request is posted and the core is idle */
async function approvalRequest(): Promise<PostedMessage> {
  const m = await fake.waitFor(() => fake.channelMessages(C).find((x) => blocksText(x).includes('"action_id":"approve"')), 'an approval request');
  await t.bot.idle();
  return m;
}

/** `approval` is the core's approval config (YAML flow mapping body) */
async function setUp(approval = 'approverUsers: [bob]'): Promise<void> {
  markers = await mkdtemp(path.join(tmpdir(), 'opsbridge-slack-markers-'));
  fake = await new FakeSlack({
    userGroups: { S0ONCALL: ['U1ALICE', 'U2BOB'] },
    // eve renamed herself "bob"; mallory's display name is carol's member id
    users: { U1ALICE: 'alice', U2BOB: 'bob', U3CAROL: 'carol', U4MALLORY: 'U3CAROL', U5EVE: 'bob' },
  }).start();
  const commands = await loadCommands(path.join(ROOT, 'commands'));
  const { adapter } = createSlackAdapter({
    config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, channels: [C], approverGroups: ['S0ONCALL'], approverUsers: ['U3CAROL'] },
    approval: { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: ['approver'], approverUsers: [] },
    commands,
    logger: silentLogger,
  });
  t = await startTestBot({
    runbooks: { 'demo.md': DEMO, 'long.md': LONG },
    env: { DEMO_TOKEN: 'tok_supersecretvalue123' },
    // OPSBRIDGE_APPROVERS=bob: a name, which matches no Slack user id
    configText: `exec: { stepEnv: { MARKER_DIR: "${markers}", DEMO_TOKEN: "tok_supersecretvalue123" } }\napproval: { ${approval} }`,
    commands,
    extraAdapters: [adapter],
  });
  // Runs and approvals are tested inside an incident's channel, where /incident <runbook> runs in place.
  await useAsIncidentChannel(t, { platform: 'slack', id: C });
}

afterEach(async () => {
  await t?.close();
  await fake?.close();
  await rm(markers, { recursive: true, force: true });
});

describe('Slack full flows through the core', () => {
  beforeEach(() => setUp());

  it('/incident acks at once, posts the run with diagnostics (escaped, redacted) and threads the approval request', async () => {
    expect(await slash('U1ALICE', 'alice', '/incident', 'demo')).toEqual({});
    const request = await approvalRequest();
    const [overview] = fake.channelMessages(C).filter((m) => !m.thread_ts);
    const text = blocksText(overview);
    expect(text).toContain('Demo outage');
    expect(text).toContain('diagnostic ok &lt;!channel&gt;'); // output cannot ping the channel
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('[REDACTED]');
    expect(JSON.stringify(fake.calls)).not.toContain('supersecretvalue');
    expect(request.thread_ts).toBe(overview!.ts); // one thread per run
    const approve = (request.blocks as { type: string; elements?: { action_id: string; value?: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
    expect(approve.map((e) => e.action_id)).toEqual(['approve', 'reject']);
    expect(approve[0]!.value).toMatch(/\S/); // the approval id rides on the button
    expect(await count('step3')).toBe(0);
  });

  it('runs the gated step when a user-group member approves by reaction', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U2BOB', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await fake.waitFor(() => blocksText(fake.message(C, request.ts)).includes('Done'), 'the approval to show Done');
    await t.bot.idle();
    expect(await count('step3')).toBe(1);
    expect(blocksText(fake.message(C, request.ts))).toContain('bob');
  });

  it('refuses self-approval with an ephemeral notice and runs nothing; a stranger is refused too', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    // alice is in the approver group, but she asked for this step
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U1ALICE', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U4MALLORY', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await fake.waitFor(() => fake.ephemerals.length >= 2, 'two ephemeral notices');
    await t.bot.idle();
    const to = (user: string): string => fake.ephemerals.filter((e) => e.user === user).map((e) => e.text).join('\n');
    expect(to('U1ALICE')).toMatch(/you requested this step/);
    expect(to('U4MALLORY')).toMatch(/not counted/);
    expect(fake.ephemerals.every((e) => e.channel === C)).toBe(true);
    expect(await count('step3')).toBe(0);
    expect(blocksText(fake.message(C, request.ts))).toContain('Waiting for approval');
  });

  it('says nothing about a ✅ on a colleague\'s message, but answers one on its own non-approval message', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    await approvalRequest();
    // Slack delivers reactions on every message in the channel; this one is bob's own message
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U3CAROL', reaction: 'white_check_mark', channel: C, ts: '1700000000.000100', itemUser: 'U2BOB' }));
    await t.bot.idle();
    expect(fake.ephemerals).toEqual([]);
    const [overview] = fake.channelMessages(C).filter((m) => !m.thread_ts);
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U3CAROL', reaction: 'white_check_mark', channel: C, ts: overview!.ts }));
    await fake.waitFor(() => fake.ephemerals.length >= 1, 'a notice about the stray ✅');
    expect(fake.ephemerals.map((e) => e.user)).toEqual(['U3CAROL']);
    expect(fake.ephemerals[0]!.text).toMatch(/not an approval request/);
  });

  it('puts private notices about an approval in the approval\'s thread', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U1ALICE', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await fake.waitFor(() => fake.ephemerals.length >= 1, 'the self-approval notice');
    expect(fake.ephemerals[0]).toMatchObject({ user: 'U1ALICE', channel: C, thread_ts: request.thread_ts });
  });

  it('/help answers with the command list', async () => {
    expect(await slash('U1ALICE', 'alice', '/help', '')).toEqual({});
    const m = await fake.waitFor(() => fake.channelMessages(C).find((x) => blocksText(x).includes('opsbridge commands')), 'the help message');
    for (const name of ['/incident', '/runbooks', '/health', '/rollback', '/status', '/replay-stripe', '/help']) expect(blocksText(m)).toContain(name);
  });

  it('refuses display-name impersonation by reaction and by button: names never match approver ids', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U5EVE', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await fake.deliver('interactive', blockActionPayload(fake, { user: 'U5EVE', userName: 'bob', actionId: 'approve', channel: C, messageTs: request.ts, threadTs: request.thread_ts! }));
    await fake.deliver('interactive', blockActionPayload(fake, { user: 'U4MALLORY', userName: 'U3CAROL', actionId: 'approve', channel: C, messageTs: request.ts, threadTs: request.thread_ts! }));
    await fake.waitFor(() => fake.ephemerals.length >= 3, 'three ephemeral notices');
    await t.bot.idle();
    expect(fake.ephemerals.map((e) => [e.user, /not counted/.test(e.text)])).toEqual([
      ['U5EVE', true],
      ['U5EVE', true],
      ['U4MALLORY', true],
    ]);
    expect(await count('step3')).toBe(0);
    expect(await t.services.store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
    expect(blocksText(fake.message(C, request.ts))).toContain('Waiting for approval');
  });

  it('runs the gated step when a configured approver presses the Approve button', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    const ack = await fake.deliver('interactive', blockActionPayload(fake, { user: 'U3CAROL', userName: 'carol', actionId: 'approve', channel: C, messageTs: request.ts, threadTs: request.thread_ts! }));
    expect(ack).toEqual({});
    await fake.waitFor(() => blocksText(fake.message(C, request.ts)).includes('Done'), 'the approval to show Done');
    await t.bot.idle();
    expect(await count('step3')).toBe(1);
    expect(blocksText(fake.message(C, request.ts))).toContain('carol');
  });

  it('splits a 120-step runbook across a message and follow-ups in its thread, every step shown', async () => {
    await slash('U2BOB', 'bob', '/incident', 'long');
    const root = await fake.waitFor(() => fake.channelMessages(C).find((m) => !m.thread_ts), 'the run overview');
    await fake.waitFor(() => fake.thread(C, root.ts).length > 0, 'follow-ups');
    await t.bot.idle();
    const parts = [fake.message(C, root.ts)!, ...fake.thread(C, root.ts)];
    for (const p of parts) expect(p.blocks.length).toBeLessThanOrEqual(50);
    const all = parts.map(blocksText).join('');
    for (let n = 1; n <= 120; n++) expect(all).toContain(`note-${n}`);
  });
});

describe('Slack: configured approve/reject emoji', () => {
  beforeEach(() => setUp('approverUsers: [bob], approveEmoji: [🚀, shipit], rejectEmoji: [⛔, no_entry]'));

  it('the request, the notices and /help name them as Slack names (:shipit:), never ✅/❌', async () => {
    await slash('U1ALICE', 'alice', '/incident', 'demo');
    const request = await approvalRequest();
    expect(blocksText(request)).toContain('React :shipit: to approve or :no_entry: to reject, or use the buttons.');
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U4MALLORY', reaction: 'shipit', channel: C, ts: request.ts }));
    await fake.waitFor(() => fake.ephemerals.length >= 1, 'the not-counted notice');
    expect(fake.ephemerals[0]!.text).toMatch(/^Your :shipit: was not counted: /);
    const [overview] = fake.channelMessages(C).filter((m) => !m.thread_ts);
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U3CAROL', reaction: 'shipit', channel: C, ts: overview!.ts }));
    await fake.waitFor(() => fake.ephemerals.length >= 2, 'the stray-vote notice');
    expect(fake.ephemerals[1]!.text).toBe('That message is not an approval request, so your :shipit: did nothing.');
    // ✅ is no vote here: nothing counted, nothing said
    await fake.deliver('events_api', reactionPayload(fake, { user: 'U2BOB', reaction: 'white_check_mark', channel: C, ts: request.ts }));
    await t.bot.idle();
    expect(fake.ephemerals).toHaveLength(2);
    expect(await count('step3')).toBe(0);
    await slash('U1ALICE', 'alice', '/help', '');
    const help = await fake.waitFor(() => fake.channelMessages(C).find((x) => blocksText(x).includes('opsbridge commands')), 'the help message');
    expect(blocksText(help)).toContain('react :shipit: to approve or :no_entry: to reject');
    expect([blocksText(request), blocksText(help), ...fake.ephemerals.map((e) => e.text)].join('\n')).not.toMatch(/✅|❌|white_check_mark|:x:/);
  });
});
