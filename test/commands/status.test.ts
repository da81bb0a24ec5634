import { afterEach, describe, expect, it } from 'vitest';

import status from '../../commands/status.js';
import { ManualClock } from '../../src/core/clock.js';
import { defineCommand } from '../../src/core/commands/define-command.js';
import { proposeMonitoringUpdate } from '../../src/integrations/statuspage/propose-monitoring.js';
import { statusRuntime, stopStatusRuntime } from '../../src/integrations/statuspage/status-runtime.js';
import { startFakeStatuspage, type FakeStatuspage } from '../fakes/statuspage/fake-statuspage.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot | undefined;
let fake: FakeStatuspage | undefined;
afterEach(async () => {
  if (t) await stopStatusRuntime(t.services);
  await t?.close();
  t = undefined;
  await fake?.close();
  fake = undefined;
});

const texts = () => [...new Set(t!.events.filter((e) => e.type === 'post' || e.type === 'update').map((e) => (e as { id: string }).id))].map((id) => t!.text(id));
const all = () => texts().join('\n---\n');
const rt = () => statusRuntime(t!.services);

async function approveLatest() {
  const pending = t!.approvals().filter((a) => a.state === 'pending');
  const a = pending.at(-1)!;
  await t!.say(':as bob');
  await t!.say(`:react ${a.id} ✅`);
  await t!.bot.idle();
  await t!.say(':as alice');
  return a;
}

describe('/status', () => {
  it('asks for approval showing exactly the public text, then publishes once and links to the page', async () => {
    t = await startTestBot({ commands: [status], env: { OPSBRIDGE_PUBLIC_URL: 'https://status.example.com' } });
    await t.say('/status API degraded_performance Slow responses for some EU customers: we are on it.');
    const [approval] = t.approvals();
    expect(approval?.state).toBe('pending');
    const request = t.text(approval!.id);
    expect(request).toContain('Approval needed: Public status update');
    expect(request).not.toContain('needs approval');
    expect(request).toContain('    API — Degraded performance\n    \n    Slow responses for some EU customers: we are on it.');
    expect(request).toContain('Goes to: built-in page · https://status.example.com/status');
    expect((await rt().store.findComponent('API'))!.status).toBe('operational'); // nothing public yet

    await approveLatest();
    expect(t.approvals()[0]!.state).toBe('succeeded');
    expect((await rt().store.findComponent('API'))!.status).toBe('degraded_performance');
    expect(all()).toContain('Published: API is now Degraded performance — https://status.example.com/status');
    const audit = await t.services.store.db.selectFrom('audit_events').select(['action', 'actor']).where('action', '=', 'status.update').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toContain('approved by bob');
    // a second reaction does not publish twice
    await t.say(':as carol');
    await t.say(`:react ${approval!.id} ✅`);
    const updates = await t.services.store.db.selectFrom('status_updates').selectAll().execute();
    expect(updates).toHaveLength(1);
  });

  it('answers bad input with a clear reply and requests nothing', async () => {
    t = await startTestBot({ commands: [status] });
    await t.say('/status Billing major_outage');
    await t.say('/status API on_fire');
    await t.say(`/status API major_outage ${'x'.repeat(5000)}`);
    await t.say(`/status API major_outage ${'y'.repeat(1500)}`);
    await t.say('/status incident update inc_nope monitoring fixed');
    await t.say('/status incident open "No impact given" We are looking');
    const said = t.notices().join('\n');
    expect(said).toContain('unknown component "Billing"; known components: API, Dashboard, Webhooks, Discord bot, Email');
    expect(said).toContain('invalid state "on_fire"; use one of: operational, degraded_performance, partial_outage, major_outage, under_maintenance');
    expect(said).toMatch(/arguments are too long \(50\d\d characters/);
    expect(said).toContain('the message is 1500 characters; keep it to 1000');
    expect(said).toContain('no incident "inc_nope"; open incidents: none');
    expect(said).toContain('say the impact: impact:none|minor|major|critical');
    expect(t.approvals()).toEqual([]);
    expect(await t.services.store.db.selectFrom('status_updates').selectAll().execute()).toEqual([]);
  });

  it('runs an incident through open, update and resolve on the built-in page and Atlassian Statuspage', async () => {
    fake = await startFakeStatuspage({ components: [{ id: 'cmp_hooks', name: 'Webhooks' }], minIntervalMs: 1000 });
    t = await startTestBot({
      commands: [status],
      env: { STATUSPAGE_API_KEY: fake.apiKey, STATUSPAGE_PAGE_ID: fake.pageId, STATUSPAGE_API_URL: fake.url },
      configText: JSON.stringify({ statuspage: { components: { Webhooks: 'cmp_hooks' } } }),
    });
    await t.say('/status incident open "Webhook deliveries delayed" impact:major components:webhooks We are investigating: deliveries are delayed "by minutes".');
    expect(t.text(t.approvals()[0]!.id)).toContain('Goes to: built-in page, Atlassian Statuspage');
    await approveLatest();
    const open = (await rt().store.openIncidents())[0]!;
    expect(open.name).toBe('Webhook deliveries delayed');
    await t.say('/status incident update latest monitoring A fix is deployed; we are watching the queue.');
    await approveLatest();
    await t.say(`/status incident resolve ${open.id}`);
    await approveLatest();

    const remote = [...fake.incidents.values()];
    expect(remote).toHaveLength(1);
    expect(remote[0]!.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'This incident has been resolved.'],
      ['monitoring', 'A fix is deployed; we are watching the queue.'],
      ['investigating', 'We are investigating: deliveries are delayed "by minutes".'],
    ]);
    expect(fake.calls.every((c) => c.status < 400)).toBe(true);
    expect((await rt().store.getIncident(open.id))!.status).toBe('resolved');
    expect(all()).toContain(`Published: incident ${open.id} resolved`);
  });

  it('when Statuspage is down: publishes on the built-in page, says pending, retries and tells the channel', async () => {
    const clock = new ManualClock();
    fake = await startFakeStatuspage({ components: [{ id: 'cmp_api', name: 'API' }], clock });
    t = await startTestBot({
      commands: [status],
      clock,
      env: { STATUSPAGE_API_KEY: fake.apiKey, STATUSPAGE_PAGE_ID: fake.pageId, STATUSPAGE_API_URL: fake.url },
      configText: JSON.stringify({ statuspage: { components: { API: 'cmp_api' } } }),
    });
    fake.setDown(true);
    await t.say('/status API major_outage The API is down.');
    await approveLatest();
    expect((await rt().store.findComponent('API'))!.status).toBe('major_outage');
    expect(all()).toContain('⏳ statuspage: pending (Statuspage answered HTTP 503); it is stored and will be retried');
    fake.setDown(false);
    await clock.advance(5000);
    for (let i = 0; i < 500 && !all().includes('reached statuspage'); i++) await new Promise((r) => setTimeout(r, 2));
    expect(all()).toMatch(/✅ Status update upd_\w+ reached statuspage after 2 attempts\./);
    expect(fake.components.get('cmp_api')!.status).toBe('major_outage');
  });

  it('publishes at once when approval is turned off, and shows the current state with no arguments', async () => {
    t = await startTestBot({ commands: [status], configText: JSON.stringify({ statuspage: { requireApproval: false } }) });
    await t.say('/status "Discord bot" under_maintenance Planned upgrade <b>tonight</b>');
    expect(t.approvals()).toEqual([]);
    expect((await rt().store.findComponent('discord-bot'))!.status).toBe('under_maintenance');
    await t.say('/status');
    expect(texts().at(-1)).toContain('🔧 Discord bot: Under maintenance');
    expect(texts().at(-1)).toContain('No open incidents.');
  });

  it('offers a prefilled "monitoring" update after a recovery, still gated', async () => {
    const recovered = defineCommand({
      name: 'recovered',
      description: 'test: what the core calls when a recovery finishes',
      async handler(ctx) {
        await proposeMonitoringUpdate(ctx, { action: 'a rollback to v1.2.3' });
      },
    });
    t = await startTestBot({ commands: [status, recovered] });
    await t.say('/status incident open "Checkout errors" impact:critical components:API Checkout is failing for some customers.');
    await approveLatest();
    await t.say('/recovered');
    const proposal = t.approvals().at(-1)!;
    expect(proposal.state).toBe('pending');
    expect(t.text(proposal.id)).toContain('Approval needed: Recovery finished: post a "monitoring" status update?');
    expect(t.text(proposal.id)).toContain('Monitoring — We have applied a fix (a rollback to v1.2.3) and are monitoring the results.');
    expect((await rt().store.openIncidents())[0]!.status).toBe('investigating');
    await approveLatest();
    expect((await rt().store.openIncidents())[0]!.status).toBe('monitoring');
    // the finished request reads as what happened, not as a request
    expect(t.text(proposal.id)).toContain('Approved and done: Recovery finished');
    expect(t.text(proposal.id)).not.toMatch(/Approval succeeded|needs approval/);
  });
});
