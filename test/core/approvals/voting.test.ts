/**
 * Voting through the real core (console adapter, SQLite, real step processes): who counts, what
 * each voter is told, and that the policy is the one snapshotted on the request.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, useAsIncidentChannel, type TestBot } from '../../helpers/test-bot.js';

const runbook = (frontMatter = '') => `---
id: demo
title: Demo
${frontMatter}
---
## Recovery
\`\`\`sh {approve}
echo run >> "$MARKER_DIR/step"
\`\`\`
`;

let markers: string;
let t: TestBot;
const runs = async () => (existsSync(path.join(markers, 'step')) ? (await readFile(path.join(markers, 'step'), 'utf8')).trim().split('\n').length : 0);

async function start(frontMatter = '', configText = '') {
  t = await startTestBot({
    runbooks: { 'demo.md': runbook(frontMatter) },
    configText: `exec: { stepEnv: { MARKER_DIR: "${markers}" } }\nconsole: { users: { alice: [oncall], bob: [approver], carol: [approver], dave: [dba] } }\n${configText}`,
  });
  // Inside an incident's channel /incident demo runs in place (the tests build reactions on this channel).
  await useAsIncidentChannel(t);
  await t.say('/incident demo');
  return t.approvals()[0]!.id;
}

beforeEach(async () => {
  markers = await mkdtemp(path.join(tmpdir(), 'opsbridge-voting-'));
});
afterEach(async () => {
  await t?.close();
  await rm(markers, { recursive: true, force: true });
});

describe('voting', () => {
  it('a runbook front matter approval: { roles } replaces who may approve', async () => {
    const id = await start('approval: { roles: [dba] }');
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    expect(t.notices('bob')).toEqual(['Your ✅ was not counted: approving needs one of the roles "dba". Ask someone who has it.']);
    await t.say(`:press ${id} approve`);
    expect(t.notices('bob').at(-1)).toBe('Pressing Approve was not counted: approving needs one of the roles "dba". Ask someone who has it.');
    expect(await runs()).toBe(0);
    await t.say(':as dave');
    await t.say(`:react ${id} ✅`);
    expect(await runs()).toBe(1);
  });

  it('a runbook front matter approval: { users } names the only people who may approve', async () => {
    const id = await start('approval: { users: [carol] }');
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    expect(await runs()).toBe(0);
    await t.say(':as carol');
    await t.say(`:react ${id} ✅`);
    expect(await runs()).toBe(1);
  });

  it('who may approve is fixed when the request is made: a later config change does not widen or narrow it', async () => {
    const id = await start();
    t.services.config.approval.approverRoles = ['dba'];
    await t.say(':as dave');
    await t.say(`:react ${id} ✅`);
    expect(t.notices('dave').join('\n')).toMatch(/not counted/);
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    expect(await runs()).toBe(1);
  });

  it('a vote from an actor the chat did not identify (no id) never counts, and is answered', async () => {
    const id = await start();
    await t.bot.handlers.onReaction({ message: { channel: t.adapter.channel, id }, emoji: '✅', actor: { platform: 'console', id: '', name: 'bob', roles: ['approver'] } });
    await t.bot.idle();
    expect(t.notices('bob').join('\n')).toMatch(/did not say who you are/);
    expect(await t.services.store.db.selectFrom('votes').selectAll().execute()).toEqual([]);
    expect(await runs()).toBe(0);
  });

  it('an approver who approved and then reacts ❌ withdraws the approval and ends the request; told so', async () => {
    const id = await start('', 'approval: { quorum: 2 }');
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    await t.say(`:react ${id} ✅`);
    expect(t.notices('bob').join('\n')).toMatch(/already approved this; it still needs 1 more approval/);
    await t.say(`:react ${id} ❌`);
    expect(t.notices('bob').join('\n')).toMatch(/withdrew your approval and rejected it/);
    expect(t.approvals()[0]!.state).toBe('rejected');
    await t.say(':as carol');
    await t.say(`:react ${id} ✅`);
    expect(await runs()).toBe(0);
  });

  it('a ❌ after the step started running is answered: too late to reject', async () => {
    const id = await start();
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    await t.say(`:react ${id} ❌`);
    expect(t.notices('bob').join('\n')).toContain('This request already ran and succeeded, so your ❌ changed nothing.');
    // a press on a stale rendering that still shows the buttons (the console hides them once finished)
    await t.bot.handlers.onAction({ message: { channel: t.adapter.channel, id }, actionId: 'approve', actor: t.adapter.actor('bob') });
    await t.bot.idle();
    expect(t.notices('bob').at(-1)).toBe('This request already ran and succeeded, so pressing Approve changed nothing.');
    expect(await runs()).toBe(1);
  });

  it('voters who lose the race to run it are told it already runs; it runs once', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `ap${i}`);
    t = await startTestBot({
      runbooks: { 'demo.md': runbook() },
      configText: `exec: { stepEnv: { MARKER_DIR: "${markers}" } }\nconsole: { users: { alice: [oncall], ${users.map((u) => `${u}: [approver]`).join(', ')} } }`,
    });
    await useAsIncidentChannel(t);
    await t.say('/incident demo');
    const id = t.approvals()[0]!.id;
    await Promise.all(users.map((u) => t.bot.handlers.onReaction({ message: { channel: t.adapter.channel, id }, emoji: '✅', actor: t.adapter.actor(u) })));
    await t.bot.idle();
    expect(await runs()).toBe(1);
    const answered = users.filter((u) => t.notices(u).length > 0);
    // everyone but the one whose vote started it heard something
    expect(answered.length).toBe(users.length - 1);
    expect(t.events.some((e) => e.type === 'notice' && /another approval got there first/.test(e.text))).toBe(true);
  });
  it('configured approve/reject emoji: the request, /help, :help and every notice name them, never ✅/❌', async () => {
    const id = await start('', 'approval: { approveEmoji: [shipit, 🚀], rejectEmoji: [no_entry, ⛔] }');
    const request = t.text(id);
    expect(request).toContain('React 🚀 to approve or ⛔ to reject, or use the buttons.');
    await t.say(':as dave');
    await t.say(`:react ${id} 🚀`);
    expect(t.notices('dave')).toEqual(['Your 🚀 was not counted: approving needs one of the roles "approver". Ask someone who has it.']);
    // ✅ is no vote any more: nothing counted, nothing said
    await t.say(':as bob');
    await t.say(`:react ${id} ✅`);
    expect(t.notices('bob')).toEqual([]);
    expect(await runs()).toBe(0);
    // a configured name counts as its emoji does
    await t.say(`:react ${id} shipit`);
    expect(await runs()).toBe(1);
    await t.say(`:react ${id} ⛔`);
    expect(t.notices('bob')).toEqual(['This request already ran and succeeded, so your ⛔ changed nothing.']);
    await t.say('/help');
    const help = t.events.filter((e) => e.type === 'post').at(-1) as { id: string };
    expect(t.text(help.id)).toContain('Gated steps wait for an approver: react 🚀 to approve or ⛔ to reject, or use the buttons.');
    await t.say(':help');
    const info = t.events.filter((e): e is { type: 'info'; text: string } => e.type === 'info').at(-1)!;
    expect(info.text).toContain(':react ID EMOJI     react to a message (🚀 approves, ⛔ rejects; names like shipit, no_entry work too)');
    expect([request, t.text(help.id), info.text, ...t.notices()].join('\n')).not.toMatch(/✅|❌/);
  });
});
