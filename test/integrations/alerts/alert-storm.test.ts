import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { renderPlainText, type Message } from '../../../src/core/message.js';
import { startAlertHarness, type AlertHarness } from './harness.js';

let h: AlertHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const generic = (i: number, extra: Record<string, unknown> = {}) => ({ title: `Queue ${i} backing up`, fingerprint: `queue-${i}`, severity: 'warning', ...extra });

function stormMessage(h: AlertHarness): { id: string; message: Message } | undefined {
  const latest = new Map<string, Message>();
  for (const e of h.events) if (e.type === 'post' || e.type === 'update') latest.set(e.id, e.message);
  const hit = [...latest].find(([, m]) => m.blocks.some((b) => b.type === 'header' && b.text.startsWith('⚠️ Alert storm')));
  return hit ? { id: hit[0], message: hit[1] } : undefined;
}

describe('storm control', () => {
  it('past maxIncidentsPerMinute, holds further groups in one message with Declare buttons, and loses none', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 3, 0, 0));
    h = await startAlertHarness({ clock, configText: 'alerts: { maxIncidentsPerMinute: 2 }' });
    for (let i = 1; i <= 5; i++) expect((await h.post('generic', generic(i, i === 4 ? { runbook: 'db' } : {}))).status).toBe(202);
    await h.settle();
    expect(await h.bot.incidents.list()).toHaveLength(2);
    const storm = stormMessage(h)!;
    const text = renderPlainText(storm.message);
    expect(text).toMatch(/more than 2 new incidents in a minute/);
    expect(text).toMatch(/1\. Queue 3 backing up · SEV3 · no runbook matched\n\s*2\. Queue 4 backing up · SEV3 · runbook db\n\s*3\. Queue 5 backing up/);
    const buttons = storm.message.blocks.find((b) => b.type === 'buttons');
    expect(buttons && buttons.type === 'buttons' && buttons.buttons.map((b) => b.label)).toEqual(['Declare 1', 'Declare 2', 'Declare 3']);
    // Exactly one storm message, however many groups it holds.
    expect(h.events.filter((e) => e.type === 'post' && renderPlainText(e.message).includes('Alert storm'))).toHaveLength(1);

    // Declare the db one: the incident opens and its runbook runs; a second press declares nothing.
    const declareDb = buttons?.type === 'buttons' ? buttons.buttons[1]!.id : '';
    await h.say(`:as bob`);
    await h.say(`:press ${storm.id} ${declareDb}`);
    await h.settle();
    const list = await h.bot.incidents.list();
    expect(list).toHaveLength(3);
    const db = list.find((i) => i.runbooks.includes('db'))!;
    expect(db.roles.commander).toMatchObject({ id: 'bob' });
    expect(h.transcript()).toMatch(/diagnostic: pg_isready says no response/);
    expect(renderPlainText(stormMessage(h)!.message)).toMatch(new RegExp(`2\\. Queue 4 backing up · SEV3 · runbook db → declared as ${db.ref}`));
    // A second press (a double click, or a chat that still shows the old buttons) declares nothing.
    await h.bot.handlers.onAction({ message: { channel: h.adapter.channel, id: storm.id }, actionId: declareDb, actor: h.adapter.actor('bob') });
    await h.settle();
    expect(await h.bot.incidents.list()).toHaveLength(3);
    expect(h.notices('bob').at(-1)).toMatch(/already declared/);

    // A held group's repeats and resolution stay with it: no incident of its own.
    await h.post('generic', generic(5));
    await h.post('generic', generic(5, { status: 'resolved' }));
    await h.settle();
    expect(await h.bot.incidents.list()).toHaveLength(3);

    // A minute later, a new group opens its incident by itself again.
    await clock.advance(61_000);
    await h.post('generic', generic(9));
    await h.settle();
    expect(await h.bot.incidents.list()).toHaveLength(4);
  });
});
