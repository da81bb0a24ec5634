import { afterEach, describe, expect, it } from 'vitest';
import { startAlertHarness, type AlertHarness } from './harness.js';
import { alertmanagerPayload, amAlert, grafanaPayload } from './fixtures/payloads.js';

let h: AlertHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const timeline = async (h: AlertHarness, ref: string) => (await h.bot.incidents.timeline(ref)).map((e) => e.type);

describe('alerts → incidents', () => {
  it('declares one incident, posts the alert summary, then runs the routed runbook\'s diagnostics', async () => {
    h = await startAlertHarness();
    expect((await h.post('alertmanager', alertmanagerPayload())).status).toBe(202);
    await h.settle();
    const incidents = await h.bot.incidents.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ source: 'alert', severity: 'SEV1', runbooks: ['db'], title: 'PostgreSQL is down on db-1' });
    const text = h.transcript();
    expect(text).toMatch(/Alertmanager reported 1 alert firing \(SEV1\)\. The db runbook was chosen by the runbook's alerts: labels/);
    expect(text).toMatch(/alertname="PostgresDown"/);
    expect(text).toMatch(/diagnostic: pg_isready says no response/);
    // The summary comes before the run.
    expect(text.indexOf('Alertmanager reported')).toBeLessThan(text.indexOf('diagnostic: pg_isready'));
    // The gated recovery waits for an approval.
    expect(h.approvals().map((a) => a.state)).toEqual(['pending']);
    expect(await timeline(h, incidents[0]!.ref)).toEqual(expect.arrayContaining(['declared', 'alert_firing', 'run_started']));
  });

  it('adds nothing for a repeat notification; a re-fire adds alert_firing once; resolution is announced once', async () => {
    h = await startAlertHarness();
    await h.post('alertmanager', alertmanagerPayload());
    await h.settle();
    const ref = (await h.bot.incidents.list())[0]!.ref;
    const before = (await timeline(h, ref)).length;
    const posts = h.events.filter((e) => e.type === 'post').length;
    await h.post('alertmanager', alertmanagerPayload());
    await h.post('alertmanager', alertmanagerPayload());
    await h.settle();
    expect((await timeline(h, ref)).length).toBe(before);
    expect(h.events.filter((e) => e.type === 'post').length).toBe(posts);
    expect(await h.bot.incidents.list()).toHaveLength(1);

    // A second instance joins the group: one alert_firing, no second incident, no second run.
    const two = [amAlert(), amAlert({ fingerprint: 'b2', labels: { alertname: 'PostgresDown', severity: 'critical', instance: 'db-2:5432' } })];
    await h.post('alertmanager', alertmanagerPayload({ alerts: two }));
    await h.post('alertmanager', alertmanagerPayload({ alerts: two }));
    await h.settle();
    expect((await timeline(h, ref)).filter((t) => t === 'alert_firing')).toHaveLength(2);
    expect((await timeline(h, ref)).filter((t) => t === 'run_started')).toHaveLength(1);
    expect(h.transcript()).toMatch(/🔥 alert firing: PostgresDown on db-2:5432/);

    const resolved = two.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-01-01T00:05:00Z' }));
    await h.post('alertmanager', alertmanagerPayload({ status: 'resolved', alerts: [resolved[0]!, two[1]!] }));
    await h.settle();
    expect(h.transcript()).not.toMatch(/Every alert of/);
    await h.post('alertmanager', alertmanagerPayload({ status: 'resolved', alerts: resolved }));
    await h.post('alertmanager', alertmanagerPayload({ status: 'resolved', alerts: resolved }));
    await h.settle();
    expect((await timeline(h, ref)).filter((t) => t === 'alert_resolved')).toHaveLength(2);
    expect(h.transcript().match(/Every alert of INC-\d+ has resolved\. If things look healthy, move it on with \/incident status monitoring\./g)).toHaveLength(1);
    expect((await h.bot.incidents.get(ref)).status).toBe('investigating');
  });

  it('takes Grafana notifications: routed by labels, its links in the summary, its title on the incident', async () => {
    h = await startAlertHarness();
    expect((await h.post('grafana', grafanaPayload())).status).toBe(202);
    await h.settle();
    const [incident] = await h.bot.incidents.list();
    expect(incident).toMatchObject({ severity: 'SEV3', runbooks: ['high-memory'], title: 'Memory above 90% on web-1' });
    expect(h.transcript()).toMatch(/Grafana reported 1 alert firing \(SEV3\)/);
    expect(h.transcript()).toMatch(/Dashboard: https:\/\/grafana.example\/d\/mem/);
    expect(h.transcript()).toMatch(/diagnostic: top memory users/);
  });

  it('moves to monitoring by itself only with alerts.autoMonitor', async () => {
    h = await startAlertHarness({ configText: 'alerts: { autoMonitor: true }' });
    await h.post('generic', { title: 'Checkout errors above 5%', fingerprint: 'checkout-5xx', severity: 'error', runbook: 'high-memory' });
    await h.post('generic', { title: 'Checkout errors above 5%', fingerprint: 'checkout-5xx', status: 'resolved' });
    await h.settle();
    const [incident] = await h.bot.incidents.list();
    expect(incident).toMatchObject({ severity: 'SEV2', status: 'monitoring', runbooks: ['high-memory'] });
    expect(h.transcript()).toMatch(/Status set to monitoring \(alerts\.autoMonitor\)/);
  });

  it('still declares when no runbook matches, says so, shows the labels and runs nothing', async () => {
    h = await startAlertHarness();
    await h.post('alertmanager', alertmanagerPayload({ groupKey: 'g2', alerts: [amAlert({ labels: { alertname: 'DiskFull', severity: 'page-me-maybe', mountpoint: '/var' } })] }));
    await h.settle();
    const [incident] = await h.bot.incidents.list();
    expect(incident).toMatchObject({ severity: 'SEV3', runbooks: [] });
    const text = h.transcript();
    expect(text).toMatch(/No runbook matched these labels, so nothing runs by itself/);
    expect(text).toMatch(/mountpoint="\/var"/);
    expect(text).toMatch(/severity "page-me-maybe" is not in alerts.severityMap, so SEV3 was used/);
    expect(await h.services.store.db.selectFrom('runs').selectAll().execute()).toEqual([]);
  });

  it('never follows a runbook_url outside the runbooks directory: nothing runs that routing did not select', async () => {
    h = await startAlertHarness();
    const a = amAlert({ labels: { alertname: 'Weird' }, annotations: { runbook_url: '../../etc/passwd', summary: 'weird' } });
    await h.post('alertmanager', alertmanagerPayload({ groupKey: 'g3', alerts: [a] }));
    await h.settle();
    expect(await h.services.store.db.selectFrom('runs').selectAll().execute()).toEqual([]);
    expect(h.transcript()).toMatch(/runbook_url was ignored: it points outside the runbooks directory/);
  });

  it('opens one incident per runbook when a group routes to two', async () => {
    h = await startAlertHarness();
    const alerts = [amAlert(), amAlert({ fingerprint: 'm1', labels: { alertname: 'HighMemory', severity: 'warning' }, annotations: { summary: 'Memory above 90%' } })];
    await h.post('alertmanager', alertmanagerPayload({ alerts }));
    await h.settle();
    const list = await h.bot.incidents.list();
    expect(list.map((i) => [i.runbooks[0], i.severity]).sort()).toEqual([
      ['db', 'SEV1'],
      ['high-memory', 'SEV3'],
    ]);
  });

  it('never pings: mentions and markdown in labels and annotations stay inert', async () => {
    h = await startAlertHarness();
    const evil = amAlert({
      labels: { alertname: 'PostgresDown', team: '<!channel> @everyone <@U123>', note: '```\n*bold* [click](http://evil)' },
      annotations: { summary: '@here <!here> db is *down*', description: '``` @everyone' },
    });
    await h.post('alertmanager', alertmanagerPayload({ alerts: [evil] }));
    await h.settle();
    const posts = h.events.filter((e) => e.type === 'post' || e.type === 'update').map((e) => JSON.stringify((e as { message: unknown }).message));
    for (const p of posts) {
      expect(p).not.toMatch(/<!(channel|here|everyone)/);
      expect(p).not.toMatch(/(^|[^\u2060])@(everyone|here)\b/);
      expect(p).not.toContain('```');
    }
    const [incident] = await h.bot.incidents.list();
    expect(incident!.title).not.toMatch(/@here|<!here>/);
  });
});
