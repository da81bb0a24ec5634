/** AlertChanges on the real incident service and SQLite: each change once, a summed-up rest, the all-resolved line once. */
import { afterEach, expect, it } from 'vitest';
import { AlertChanges, MAX_EVENTS_PER_NOTIFICATION } from '../../../src/integrations/alerts/alert-changes.js';
import { AlertGroups } from '../../../src/integrations/alerts/alert-groups.js';
import { normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { startAlertHarness, type AlertHarness } from './harness.js';
import { alertmanagerPayload, amAlert } from './fixtures/payloads.js';

let h: AlertHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('records each change once, sums up the rest past the limit, and says once when every alert has resolved', async () => {
  h = await startAlertHarness();
  await h.say('/incident declare Postgres down');
  const incident = (await h.bot.incidents.list())[0]!;
  const groups = new AlertGroups(h.services.store.db, () => h!.services.clock.now());
  await groups.create({ id: 'g1', source: 'alertmanager', group_key: 'k', runbook_id: null, state: 'open', severity: 'SEV1', title: 't', notification_id: 'n1' });
  const changes = new AlertChanges({ incidents: h.bot.incidents, groups, poster: h.bot.poster, clock: h.services.clock, config: h.services.config, logger: h.services.logger });
  const many = Array.from({ length: MAX_EVENTS_PER_NOTIFICATION + 3 }, (_, i) => amAlert({ fingerprint: `f${i}`, labels: { alertname: 'PostgresDown', shard: String(i) } }));
  const firing = normalizePayload('alertmanager', alertmanagerPayload({ alerts: many }));
  await changes.apply('n1', firing, 'g1', incident, firing.alerts, true);
  await changes.apply('n1', firing, 'g1', incident, firing.alerts, true); // a repeat changes nothing
  const resolved = normalizePayload('alertmanager', alertmanagerPayload({ status: 'resolved', alerts: many.map((a) => ({ ...a, status: 'resolved', endsAt: '2026-01-01T00:10:00.000Z' })) }));
  await changes.apply('n2', resolved, 'g1', incident, resolved.alerts, true);
  await h.settle();
  const events = await h.bot.incidents.timeline(incident.ref);
  expect(events.filter((e) => e.type === 'alert_firing')).toHaveLength(MAX_EVENTS_PER_NOTIFICATION + 1);
  expect(events.filter((e) => e.type === 'alert_firing').at(-1)!.text).toBe('3 more alerts firing in the same notification');
  expect(events.filter((e) => e.type === 'alert_resolved')).toHaveLength(MAX_EVENTS_PER_NOTIFICATION + 1);
  expect(h.transcript().match(/Every alert of INC-1 has resolved/g)).toHaveLength(1);
});
