import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter, type ConsoleEvent } from '../../../src/adapters/console/console-adapter.js';
import { msg } from '../../../src/core/message.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { forbiddenForms, printedForms } from '../../helpers/secret-forms.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const SECRET = 'hunter2/"console+9';

function adapter() {
  const events: ConsoleEvent[] = [];
  const a = new ConsoleAdapter({ channel: 'incident', users: { alice: [] }, defaultUser: 'alice', sink: (e) => events.push(e), redactor: createRedactor({ env: {}, extraValues: [SECRET] }) });
  return { a, events };
}

describe('ConsoleAdapter: the terminal is a channel, and everything shown on it is redacted', () => {
  it('masks the echo of a line that is not a command', async () => {
    const { a, events } = adapter();
    await a.start({ onInvocation: async () => undefined, onReaction: async () => undefined, onAction: async () => undefined });
    await a.input(`${SECRET} pasted into the wrong window`);
    expect(events).toEqual([{ type: 'error', text: 'not a command: [REDACTED] pasted into the wrong window (type :help)' }]);
  });

  it('masks posts, edits and notices in every form', async () => {
    const { a, events } = adapter();
    const text = printedForms(SECRET).join('\n');
    const ref = await a.post(a.channel, { blocks: [msg.code(text)] });
    await a.update(ref, { blocks: [msg.text(text)] });
    await a.notify(a.actor('alice'), a.channel, text);
    const shown = JSON.stringify(events);
    expect(shown).toContain('[REDACTED]');
    for (const form of forbiddenForms(SECRET)) expect(shown.includes(form), form).toBe(false);
  });
});

describe('ConsoleAdapter: every line gets an answer', () => {
  const handlers = () => {
    const seen: string[] = [];
    return { seen, h: { onInvocation: async () => undefined, onReaction: async () => void seen.push('reaction'), onAction: async () => void seen.push('action') } };
  };

  it('answers :react and :press on a message id that does not exist', async () => {
    const { a, events } = adapter();
    const { seen, h } = handlers();
    await a.start(h);
    await a.input(':react m99 ✅');
    await a.input(':press m42 approve');
    expect(events).toEqual([
      { type: 'error', text: 'there is no message m99; message ids are the [m…] labels above each post' },
      { type: 'error', text: 'there is no message m42; message ids are the [m…] labels above each post' },
    ]);
    expect(seen).toEqual([]);
  });

  it('answers :press on a button the message does not have, and passes a real one on', async () => {
    const { a, events } = adapter();
    const { seen, h } = handlers();
    await a.start(h);
    const plain = await a.post(a.channel, { blocks: [msg.text('no buttons here')] });
    const request = await a.post(a.channel, { blocks: [msg.text('approve?'), { type: 'buttons', buttons: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] }] });
    await a.input(`:press ${plain.id} approve`);
    await a.input(`:press ${request.id} aprove`);
    await a.input(`:press ${request.id} Approve`);
    const errors = events.filter((e) => e.type === 'error').map((e) => (e as { text: string }).text);
    expect(errors).toEqual([`message ${plain.id} has no buttons to press`, `message ${request.id} has no button "aprove"; its buttons: approve, reject`]);
    expect(seen).toEqual(['action']);
    // an edit that removes the buttons (the request was decided): a late press is the core's to answer
    await a.update(request, { blocks: [msg.text('approved')] });
    await a.input(`:press ${request.id} approve`);
    expect(seen).toEqual(['action', 'action']);
  });

  it(':help lists the console commands and /help', async () => {
    const { a, events } = adapter();
    await a.start(handlers().h);
    await a.input(':help');
    const text = (events[0] as { text: string }).text;
    expect(text).toContain('/help lists them all');
    for (const c of [':as NAME', ':react ID EMOJI', ':press ID BUTTON', ':help', ':quit']) expect(text).toContain(c);
  });
});

describe('ConsoleAdapter: reactions on what people said are theirs, as on Slack and Discord', () => {
  const DEMO = '---\nid: demo\ntitle: Demo\n---\n## Diagnosis\n```sh\necho ok\n```\n## Recovery\n```sh {approve}\necho fix\n```\n';
  let t: TestBot | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const lastPost = () => t!.events.filter((e): e is ConsoleEvent & { type: 'post' } => e.type === 'post').at(-1)!;

  it('says nothing about ✅ or ❌ on a :say message, and records no vote', async () => {
    t = await startTestBot({ runbooks: { 'demo.md': DEMO } });
    await t.say(':say restarting the replica now');
    const said = lastPost().id;
    const before = t.events.length;
    await t.say(':as bob');
    await t.say(`:react ${said} ✅`);
    await t.say(`:react ${said} white_check_mark`);
    await t.say(`:react ${said} ❌`);
    await t.say(`:press ${said} approve`);
    const after = t.events.slice(before).filter((e) => e.type !== 'info');
    expect(after).toEqual([{ type: 'error', text: `message ${said} has no buttons to press` }]);
    expect(t.notices()).toEqual([]);
    const ignored = await t.services.store.db.selectFrom('audit_events').select('action').where('action', '=', 'approval.vote_ignored').execute();
    expect(ignored).toEqual([]);
  });

  it('still answers ✅ on its own message that is not an approval request, as Slack does', async () => {
    t = await startTestBot({ runbooks: { 'demo.md': DEMO } });
    await t.say('/runbooks');
    const own = lastPost().id;
    await t.say(':as bob');
    await t.say(`:react ${own} ✅`);
    expect(t.notices('bob')).toEqual([expect.stringMatching(/not an approval request, so your ✅ did nothing/)]);
  });
});
