/** What a Prometheus scrape sees: the incident metrics: open by severity and declared ever (from the store), time to resolve. */
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createMetrics } from '../../src/http/metrics.js';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot;
afterEach(async () => {
  await t.close();
});

it('opsbridge_incidents_open, opsbridge_incidents_total and opsbridge_incident_resolve_seconds', async () => {
  const clock = new ManualClock(Date.UTC(2026, 2, 1, 9));
  t = await startTestBot({ clock, configText: 'rateLimit: { perUser: 100 }' });
  await t.say('/incident declare Checkout down sev:1');
  await t.say('/incident declare Search slow sev:3');
  await t.say('/incident declare Emails late sev:3');
  await clock.advance(20 * 60_000);
  await t.say(':channel inc-1-checkout-down');
  await t.say('/incident resolve');
  const text = await t.services.metrics!.registry.metrics();
  expect(text).toContain('opsbridge_incidents_open{severity="SEV1"} 0');
  expect(text).toContain('opsbridge_incidents_open{severity="SEV3"} 2');
  expect(text).toContain('opsbridge_incidents_total{severity="SEV1"} 1');
  expect(text).toContain('opsbridge_incidents_total{severity="SEV3"} 2');
  expect(text).toContain('opsbridge_incident_resolve_seconds_count{severity="SEV1"} 1');
  expect(text).toContain('opsbridge_incident_resolve_seconds_sum{severity="SEV1"} 1200');
  expect(text).toContain('opsbridge_incident_resolve_seconds_bucket{le="1800",severity="SEV1"} 1');
});

it('what is counted before the first scrape (before prom-client loads) is in that scrape, in order', async () => {
  const metrics = createMetrics({ defaultMetrics: false });
  metrics.commands.inc({ command: 'incident', outcome: 'ok' });
  metrics.commands.inc({ command: 'incident', outcome: 'ok' }, 2);
  metrics.stepDuration.observe({ safety: 'safe', outcome: 'succeeded' }, 0.2);
  const first = await metrics.registry.metrics();
  expect(first).toContain('opsbridge_commands_total{command="incident",outcome="ok"} 3');
  expect(first).toContain('opsbridge_step_duration_seconds_bucket{le="0.25",safety="safe",outcome="succeeded"} 1');
  expect(metrics.registry.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  metrics.commands.inc({ command: 'incident', outcome: 'ok' });
  expect(await metrics.registry.metrics()).toContain('opsbridge_commands_total{command="incident",outcome="ok"} 4');
});
