import { rm } from 'node:fs/promises';

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { createAuditLog } from '../../../src/core/audit/audit-log.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createBuiltinProvider } from '../../../src/integrations/statuspage/builtin-provider.js';
import { createStatuspageProvider } from '../../../src/integrations/statuspage/statuspage-provider.js';
import { createStatusStore, parseSync } from '../../../src/integrations/statuspage/status-store.js';
import { createStatusUpdater } from '../../../src/integrations/statuspage/status-updater.js';
import { startFakeStatuspage, type FakeStatuspage } from '../../fakes/statuspage/fake-statuspage.js';
import { tempSqliteStore } from '../../helpers/test-store.js';
import { drive, driveUntil } from './drive.js';

const logger = pino({ level: 'silent' });
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(opts: { maxAttempts?: number; failMergeSync?: number } = {}) {
  const clock = new ManualClock();
  const db = await tempSqliteStore();
  cleanup.push(async () => {
    await db.close();
    await rm(db.dir, { recursive: true, force: true });
  });
  const fake: FakeStatuspage = await startFakeStatuspage({ clock, components: [{ id: 'cmp_api', name: 'API' }, { id: 'cmp_hooks', name: 'Webhooks' }] });
  cleanup.push(fake.close);
  const realStore = createStatusStore(db.db);
  let failures = opts.failMergeSync ?? 0;
  // a store that fails the next N outcome writes (disk full, connection dropped)
  const store = {
    ...realStore,
    mergeSync: async (...args: Parameters<typeof realStore.mergeSync>) => {
      if (failures > 0) {
        failures--;
        throw new Error('SQLITE_FULL: database or disk is full');
      }
      return realStore.mergeSync(...args);
    },
  };
  await store.ensureComponents(['API', 'Webhooks', 'Email'], new Date(clock.now()).toISOString());
  const build = () => {
    const updater = createStatusUpdater({
      store,
      builtin: createBuiltinProvider({ store, clock }),
      external: [
        createStatuspageProvider({ apiKey: fake.apiKey, pageId: fake.pageId, apiUrl: fake.url, components: { API: 'cmp_api', Webhooks: 'cmp_hooks' }, fetch, clock }),
      ],
      audit: createAuditLog(db.db, clock),
      clock,
      logger,
      retry: { baseMs: 5000, maxMs: 60_000, maxAttempts: opts.maxAttempts ?? 10 },
    });
    cleanup.push(async () => updater.stop());
    return updater;
  };
  return { clock, db, fake, store, updater: build(), build };
}

describe('status updater', () => {
  it('a store error while recording an outcome neither hangs the caller nor wedges later updates', async () => {
    const { clock, fake, store, updater } = await setup({ failMergeSync: 1 });
    const first = await drive(updater.apply({ type: 'component', component: 'api', status: 'degraded_performance', message: 'Slow' }, { actor: 'console:alice' }), clock);
    expect(first.pending).toEqual([{ provider: 'statuspage', error: expect.stringMatching(/could not record the outcome in the store: SQLITE_FULL/) }]);
    const second = await drive(updater.apply({ type: 'component', component: 'webhooks', status: 'partial_outage', message: 'Delays' }, { actor: 'console:alice' }), clock);
    expect(second.pending).toEqual([{ provider: 'statuspage', error: expect.stringMatching(/queued behind an earlier update/) }]);
    await driveUntil(() => fake.components.get('cmp_hooks')!.status === 'partial_outage', clock);
    expect(fake.components.get('cmp_api')!.status).toBe('degraded_performance');
    expect(parseSync((await store.getUpdate(first.updateId))!.sync).statuspage).toBe('synced');
  });

  it('stores, audits and sends a component change to every provider', async () => {
    const { clock, db, fake, store, updater } = await setup();
    const result = await drive(updater.apply({ type: 'component', component: 'api', status: 'degraded_performance', message: 'Slow responses' }, { actor: 'console:alice' }), clock);
    expect(result).toMatchObject({ componentName: 'API', synced: ['builtin', 'statuspage'], pending: [], failed: [] });
    expect((await store.findComponent('API'))!.status).toBe('degraded_performance');
    expect(fake.components.get('cmp_api')!.status).toBe('degraded_performance');
    const row = await store.getUpdate(result.updateId);
    expect(row).toMatchObject({ component_id: 'api', status: 'degraded_performance', body: 'Slow responses' });
    expect(parseSync(row!.sync).statuspage).toBe('synced');
    const audit = await db.db.selectFrom('audit_events').selectAll().execute();
    expect(audit.map((a) => [a.actor, a.action, a.subject])).toEqual([['console:alice', 'status.update', result.updateId]]);
  });

  it('keeps incidents in step: open, update, resolve map to the same Statuspage incident', async () => {
    const { clock, fake, store, updater } = await setup();
    const open = await drive(
      updater.apply({ type: 'incident-open', name: 'Webhooks delayed', status: 'investigating', impact: 'major', body: 'Looking into it.', components: ['Webhooks'] }, { actor: 'a' }),
      clock,
    );
    const id = open.incidentId!;
    await drive(updater.apply({ type: 'incident-update', incidentId: id, status: 'monitoring', body: 'Fix deployed.' }, { actor: 'a' }), clock);
    await drive(updater.apply({ type: 'incident-resolve', incidentId: id, body: 'Resolved.' }, { actor: 'a' }), clock);
    const remote = [...fake.incidents.values()];
    expect(remote).toHaveLength(1);
    expect(remote[0]!.incident_updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'investigating']);
    expect((await store.getIncident(id))!.status).toBe('resolved');
    expect((await store.findComponent('Webhooks'))!.status).toBe('operational');
    expect(fake.components.get('cmp_hooks')!.status).toBe('operational');
  });

  it('when Statuspage is down: stores the update as pending, keeps order, retries with backoff and tells the channel', async () => {
    const { clock, fake, store, updater } = await setup();
    const told: string[] = [];
    const notify = (t: string) => void told.push(t);
    fake.setDown(true);
    const first = await drive(updater.apply({ type: 'component', component: 'API', status: 'major_outage', message: 'Down' }, { actor: 'a', notify }), clock);
    expect(first.synced).toEqual(['builtin']);
    expect(first.pending).toEqual([{ provider: 'statuspage', error: 'Statuspage answered HTTP 503' }]);
    // on the built-in page at once
    expect((await store.findComponent('API'))!.status).toBe('major_outage');
    expect(parseSync((await store.getUpdate(first.updateId))!.sync).statuspage).toBe('pending');

    const second = await drive(updater.apply({ type: 'component', component: 'API', status: 'partial_outage' }, { actor: 'a', notify }), clock);
    expect(second.pending[0]!.error).toContain('queued behind');
    expect(updater.pendingCount()).toEqual({ statuspage: 2 });

    const failuresBefore = fake.calls.length;
    await clock.advance(5000); // first retry: still down
    await driveUntil(() => fake.calls.length > failuresBefore, clock);
    fake.setDown(false);
    await driveUntil(() => updater.pendingCount().statuspage === 0, clock);

    const ok = fake.calls.filter((c) => c.status === 200).map((c) => (c.body as { component: { status: string } }).component.status);
    expect(ok).toEqual(['major_outage', 'partial_outage']);
    expect(fake.components.get('cmp_api')!.status).toBe('partial_outage');
    expect(parseSync((await store.getUpdate(second.updateId))!.sync).statuspage).toBe('synced');
    // every attempt for the first update, failed ones spaced by a doubling backoff (5 s, 10 s, ...)
    const attempts = fake.calls.filter((c) => (c.body as { component?: { status: string } }).component?.status === 'major_outage').map((c) => c.at);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    attempts.slice(1).forEach((at, i) => expect(at - attempts[i]!).toBeGreaterThanOrEqual(5000 * 2 ** i));
    // the channel was told both were pending, so it hears when each one lands
    expect(told).toEqual([
      `✅ Status update ${first.updateId} reached statuspage after ${attempts.length} attempts.`,
      `✅ Status update ${second.updateId} reached statuspage.`,
    ]);
  });

  it('gives up after the last attempt, marks the update failed and says so in the channel', async () => {
    const { clock, fake, store, updater } = await setup({ maxAttempts: 3 });
    const told: string[] = [];
    fake.setDown(true);
    const r = await drive(updater.apply({ type: 'component', component: 'API', status: 'major_outage' }, { actor: 'a', notify: (t) => void told.push(t) }), clock);
    await driveUntil(() => told.length > 0, clock);
    expect(told[0]).toContain(`Status update ${r.updateId} could not be sent to statuspage after 3 attempts`);
    expect(parseSync((await store.getUpdate(r.updateId))!.sync).statuspage).toBe('failed');
    expect(updater.pendingCount()).toEqual({ statuspage: 0 });
  });

  it('resumes pending updates after a restart', async () => {
    const { clock, fake, updater, build } = await setup();
    fake.setDown(true);
    await drive(updater.apply({ type: 'component', component: 'Webhooks', status: 'major_outage' }, { actor: 'a' }), clock);
    updater.stop(); // the process dies with the update pending
    fake.setDown(false);
    const next = build();
    expect(await next.resumePending()).toBe(1);
    await driveUntil(() => next.pendingCount().statuspage === 0, clock);
    expect(fake.components.get('cmp_hooks')!.status).toBe('major_outage');
  });

  it('rejects unknown components and oversized or invalid changes before storing anything', async () => {
    const { clock, store, updater, fake } = await setup();
    await expect(drive(updater.apply({ type: 'component', component: 'Billing', status: 'major_outage' }, { actor: 'a' }), clock)).rejects.toThrow(
      'unknown component "Billing"; known components: API, Webhooks, Email',
    );
    await expect(
      updater.apply({ type: 'component', component: 'API', status: 'major_outage', message: 'x'.repeat(5000) }, { actor: 'a' }),
    ).rejects.toThrow('too long');
    await expect(updater.apply({ type: 'component', component: 'API', status: 'on_fire' } as never, { actor: 'a' })).rejects.toThrow();
    expect(await store.pendingUpdates()).toEqual([]);
    expect(fake.calls).toEqual([]);
  });
});
