import { afterEach, describe, expect, it } from 'vitest';
import { wirePaging } from '../../../src/integrations/paging/wire-paging.js';
import { startFakePagerDuty, type FakePagerDuty } from '../../fakes/pagerduty/fake-pagerduty.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../fakes/webhooks/webhook-receiver.js';
import { startAlertHarness, type AlertHarness } from '../alerts/harness.js';
import { alertmanagerPayload } from '../alerts/fixtures/payloads.js';

const SECRET = 'webhook-secret-0123456789';

async function until(ok: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
let h: AlertHarness | undefined;
let pd: FakePagerDuty | undefined;
let hook: WebhookReceiver | undefined;
afterEach(async () => {
  await h?.close();
  await pd?.close();
  await hook?.close();
  h = pd = hook = undefined;
});

describe('paging on a running bot', () => {
  it('an alert-declared SEV1 pages PagerDuty, its resolution resolves the page, and a webhook hears every timeline event', async () => {
    pd = await startFakePagerDuty();
    hook = await startWebhookReceiver(SECRET);
    h = await startAlertHarness({
      env: { PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0123456789abcdefABCDEF', PAGERDUTY_EVENTS_URL: pd.url },
      configText: JSON.stringify({ paging: { webhooks: [{ name: 'oncall-tool', url: hook.url, secret: SECRET }] } }),
    });
    const paging = wirePaging(h.bot, h.services);
    await paging.start();
    await h.post('alertmanager', alertmanagerPayload());
    await h.settle();
    await paging.queue.idle();
    const [incident] = await h.bot.incidents.list();
    expect(pd.events).toHaveLength(1);
    expect(pd.events[0]).toMatchObject({ event_action: 'trigger', dedup_key: incident!.id, payload: { severity: 'critical', summary: `${incident!.ref} SEV1: PostgreSQL is down on db-1` } });

    await h.bot.incidents.resolve(incident!.ref, { platform: 'console', id: 'alice', name: 'alice' }, 'primary restarted');
    // The timeline may be projected by another in-flight append: wait for the delivery itself.
    await until(async () => (await paging.queue.list()).every((r) => r.state === 'delivered') && pd!.events.length === 2);
    expect(pd.events.map((e) => e.event_action)).toEqual(['trigger', 'resolve']);
    await until(async () => (await h!.bot.incidents.timeline(incident!.ref)).filter((e) => e.type === 'page_sent').length === 2);

    await until(async () => (await paging.queue.list()).every((r) => r.state === 'delivered'));
    const heard = hook.accepted.map((b) => b.type);
    expect(heard).toEqual(expect.arrayContaining(['incident.declared', 'incident.alert_firing', 'incident.resolved', 'incident.page_sent']));
    expect(hook.rejected).toBe(0);
    expect(hook.accepted.every((b) => b.incident.id === incident!.id)).toBe(true);

    // /incident page goes through services.paging.
    expect(await h.services.paging!.page(incident!.ref, 'need the DBA')).toMatch(/Paging on-call through PagerDuty/);
    await until(async () => pd!.events.length === 3);
    expect(pd.events.at(-1)).toMatchObject({ event_action: 'trigger', dedup_key: incident!.id });
    paging.stop();
  });
});

describe('channelUrl', () => {
  it('links Slack channels through app_redirect and Discord channels with the guild', async () => {
    const { channelUrl } = await import('../../../src/integrations/paging/wire-paging.js');
    const base = { channel: { id: 'C0INC', name: 'inc-1-db', thread: null } } as Parameters<typeof channelUrl>[0];
    expect(channelUrl({ ...base, platform: 'slack' })).toBe('https://slack.com/app_redirect?channel=C0INC');
    expect(channelUrl({ ...base, platform: 'discord', channel: { id: '42', name: null, thread: '43' } }, '7')).toBe('https://discord.com/channels/7/43');
    expect(channelUrl({ ...base, platform: 'console' })).toBeUndefined();
  });
});
