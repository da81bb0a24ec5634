import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';

import { HOSTILE, startStatusPage } from './page-fixture.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && s.endsWith('Z'), 'ISO-8601 UTC');
const page = z.strictObject({ id: z.string().min(1), name: z.string(), url: z.string().url(), time_zone: z.string(), updated_at: isoDate });
const status = z.strictObject({ indicator: z.enum(['none', 'minor', 'major', 'critical']), description: z.string().min(1) });
const component = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
  created_at: isoDate,
  updated_at: isoDate,
  position: z.number().int(),
  description: z.string().nullable(),
  showcase: z.boolean(),
  start_date: z.string().nullable(),
  group_id: z.string().nullable(),
  page_id: z.string(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
});
const incidentUpdate = z.strictObject({
  id: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  body: z.string(),
  incident_id: z.string(),
  created_at: isoDate,
  updated_at: isoDate,
  display_at: isoDate,
  affected_components: z.array(z.unknown()).nullable(),
  deliver_notifications: z.boolean(),
  custom_tweet: z.string().nullable(),
  tweet_id: z.string().nullable(),
});
const incident = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(['investigating', 'identified', 'monitoring', 'resolved']),
  created_at: isoDate,
  updated_at: isoDate,
  monitoring_at: isoDate.nullable(),
  resolved_at: isoDate.nullable(),
  impact: z.enum(['none', 'minor', 'major', 'critical']),
  shortlink: z.string(),
  started_at: isoDate,
  page_id: z.string(),
  incident_updates: z.array(incidentUpdate),
  components: z.array(component),
});
const summarySchema = z.strictObject({ page, components: z.array(component), incidents: z.array(incident), scheduled_maintenances: z.array(z.unknown()), status });
const statusSchema = z.strictObject({ page, status });

async function getJson(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  const raw = await res.text();
  return { raw, json: JSON.parse(raw) as unknown };
}

describe('built-in status page routes', () => {
  it('serves an all-operational page in Statuspage format before any update', async () => {
    const sp = await startStatusPage();
    close = sp.close;
    const status = statusSchema.parse((await getJson(`${sp.base}/api/v2/status.json`)).json);
    expect(status.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(status.page.name).toBe('Acme <Cloud> & Co');
    const summary = summarySchema.parse((await getJson(`${sp.base}/api/v2/summary.json`)).json);
    expect(summary.components.map((c) => [c.name, c.status])).toEqual([
      ['API', 'operational'],
      ['Dashboard', 'operational'],
      ['Webhooks', 'operational'],
    ]);
    expect(summary.incidents).toEqual([]);
    expect(summary.scheduled_maintenances).toEqual([]);
  });

  it('reflects component changes and incidents with their update history', async () => {
    const sp = await startStatusPage();
    close = sp.close;
    await sp.updater.apply({ type: 'component', component: 'Dashboard', status: 'degraded_performance', message: 'Slow charts' }, { actor: 't' });
    const status = statusSchema.parse((await getJson(`${sp.base}/api/v2/status.json`)).json);
    expect(status.status).toEqual({ indicator: 'minor', description: 'Partially Degraded Service' });

    const open = await sp.updater.apply(
      { type: 'incident-open', name: 'Webhook deliveries delayed', status: 'investigating', impact: 'critical', body: 'We are investigating.', components: ['Webhooks'] },
      { actor: 't' },
    );
    await sp.clock.advance(60_000);
    await sp.updater.apply({ type: 'incident-update', incidentId: open.incidentId!, status: 'monitoring', body: 'A fix is rolling out.' }, { actor: 't' });
    const summary = summarySchema.parse((await getJson(`${sp.base}/api/v2/summary.json`)).json);
    expect(summary.status).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    expect(summary.components.find((c) => c.name === 'Webhooks')!.status).toBe('major_outage');
    const inc = summary.incidents[0]!;
    expect(inc).toMatchObject({ id: open.incidentId, name: 'Webhook deliveries delayed', status: 'monitoring', impact: 'critical', monitoring_at: '2026-03-14T09:31:00.000Z', resolved_at: null });
    expect(inc.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['monitoring', 'A fix is rolling out.'],
      ['investigating', 'We are investigating.'],
    ]);
    expect(inc.components.map((c) => c.name)).toEqual(['Webhooks']);
    expect(summary.page.updated_at).toBe('2026-03-14T09:31:00.000Z');

    await sp.updater.apply({ type: 'incident-resolve', incidentId: open.incidentId!, body: 'All deliveries caught up.' }, { actor: 't' });
    const after = summarySchema.parse((await getJson(`${sp.base}/api/v2/summary.json`)).json);
    expect(after.incidents).toEqual([]); // summary lists unresolved incidents only
    expect(after.components.find((c) => c.name === 'Webhooks')!.status).toBe('operational');
    expect(after.status.indicator).toBe('minor'); // Dashboard is still degraded

    const html = await (await fetch(`${sp.base}/status`)).text();
    expect(html).toContain('Resolved in the last 7 days');
    expect(html).toContain('All deliveries caught up.');
  });

  it('escapes hostile text on the page and in the JSON, and keeps the JSON faithful', async () => {
    const sp = await startStatusPage();
    close = sp.close;
    await sp.updater.apply(
      { type: 'incident-open', name: '<b>Outage</b> "quoted"', status: 'identified', impact: 'minor', body: HOSTILE, components: ['API'] },
      { actor: 't' },
    );
    const res = await fetch(`${sp.base}/status`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Outage');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('[click](javascript:alert(1))'); // markdown is not rendered into a link
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('<title>Acme &lt;Cloud&gt; &amp; Co</title>');

    const { raw, json } = await getJson(`${sp.base}/api/v2/summary.json`);
    expect(raw).not.toMatch(/[<>]/);
    expect(raw).not.toContain('\u2028');
    const summary = summarySchema.parse(json);
    expect(summary.incidents[0]!.incident_updates[0]!.body).toBe(HOSTILE.trim());
    expect(summary.incidents[0]!.name).toBe('<b>Outage</b> "quoted"');
  });

  it('is a complete page without JavaScript: landmarks, headings, viewport, states in words', async () => {
    const sp = await startStatusPage();
    close = sp.close;
    await sp.updater.apply({ type: 'component', component: 'API', status: 'major_outage' }, { actor: 't' });
    const html = await (await fetch(`${sp.base}/status`)).text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<main>');
    expect(html).toContain('<h1>Acme &lt;Cloud&gt; &amp; Co</h1>');
    expect(html).toContain('role="status">Partial System Outage</p>');
    expect(html).toMatch(/<span class="name">API<\/span> <span class="state st-major_outage"><span aria-hidden="true">✖<\/span> Major outage<\/span>/);
    expect(html).not.toMatch(/<script|onclick=|javascript:/i);
    const head = await fetch(`${sp.base}/status`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
