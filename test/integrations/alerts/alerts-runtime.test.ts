import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { AlertInbox } from '../../../src/integrations/alerts/alert-inbox.js';
import { normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { storeKinds } from '../../helpers/test-store.js';
import { startAlertHarness, type AlertHarness } from './harness.js';
import { alertmanagerPayload } from './fixtures/payloads.js';

let harnesses: AlertHarness[] = [];
afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
});

describe.each(storeKinds())('alerts runtime on $name', (kind) => {
  it('processes, after a restart, what a crash left stored or half-processed', async () => {
    const store = await kind.open();
    try {
      // The previous process stored two notifications and answered 202, then died: one untouched,
      // one claimed mid-processing.
      const dead = new AlertInbox(store.db, () => Date.now(), 'dead-process');
      await dead.add(normalizePayload('alertmanager', alertmanagerPayload()));
      const claimed = await dead.add(normalizePayload('generic', { title: 'Memory above 90%', fingerprint: 'mem-1', runbook: 'high-memory' }));
      await dead.claim(claimed);

      const reopened = await store.reopen();
      const h = await startAlertHarness({ store: reopened });
      harnesses.push(h);
      await h.settle();
      const list = await h.bot.incidents.list();
      expect(list.map((i) => i.runbooks[0]).sort()).toEqual(['db', 'high-memory']);
      expect(h.transcript()).toMatch(/diagnostic: pg_isready says no response/);
      expect(h.transcript()).toMatch(/diagnostic: top memory users/);
      expect(await h.alerts.inbox.counts()).toEqual({ done: 2 });
    } finally {
      await store.close();
    }
  });
});

describe.each(storeKinds())('alerts runtime sweep on $name', (kind) => {
  it('picks up, without a restart, what another process stored and could not process', async () => {
    const store = await kind.open();
    try {
      const clock = new ManualClock(Date.now());
      const reopened = await store.reopen();
      const h = await startAlertHarness({ store: reopened, clock });
      harnesses.push(h);
      // Another replica answered 202 and died: one row untouched, and on PostgreSQL one it had claimed.
      const other = new AlertInbox(store.db, () => clock.now(), 'replica-that-died');
      await other.add(normalizePayload('alertmanager', alertmanagerPayload()));
      if (kind.name === 'postgres') await other.claim(await other.add(normalizePayload('generic', { title: 'Memory above 90%', fingerprint: 'mem-1', runbook: 'high-memory' })));
      await clock.advance(30_000);
      const expected = kind.name === 'postgres' ? 2 : 1;
      for (let i = 0; i < 200 && (await h.alerts.inbox.counts()).done !== expected; i++) await new Promise((r) => setTimeout(r, 25));
      await h.settle();
      expect(await h.alerts.inbox.counts()).toEqual({ done: expected });
      expect(await h.bot.incidents.list()).toHaveLength(expected);
    } finally {
      await store.close();
    }
  });
});

describe('alerts runtime, bad input', () => {
  // Over HTTP such a payload is over 1 MiB and gets 413 (alert-routes.test.ts); a compact one
  // that fits (or a relay) must still be handled whole.
  it('takes 10,000 alerts in one notification: one incident, one run, every alert tracked, a readable summary', async () => {
    const h = await startAlertHarness();
    harnesses.push(h);
    const alerts = Array.from({ length: 10_000 }, (_, i) => ({ status: 'firing', labels: { alertname: 'PostgresDown', shard: String(i) }, startsAt: '2026-01-01T00:00:00Z', fingerprint: `f${i}` }));
    const id = await h.alerts.inbox.add(normalizePayload('alertmanager', { ...alertmanagerPayload(), alerts }));
    await h.alerts.processor.enqueue(id);
    await h.settle();
    const [incident, ...more] = await h.bot.incidents.list();
    expect(more).toEqual([]);
    expect(h.transcript()).toMatch(/Alertmanager reported 10000 alerts firing/);
    expect(h.transcript()).toMatch(/…and 9,990 more alerts; every one is on the incident timeline\./);
    const events = await h.bot.incidents.timeline(incident!.ref);
    const firing = events.filter((e) => e.type === 'alert_firing');
    expect(firing).toHaveLength(51);
    expect((firing.at(-1)!.data.fingerprints as string[]).length).toBe(9_950);
    expect(events.filter((e) => e.type === 'run_started')).toHaveLength(1);
    const tracked = await h.services.store.db.selectFrom('alert_instances').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    expect(Number(tracked!.n)).toBe(10_000);
  });
});
