/**
 * The run an alert's incident owes survives a crash between declaring the incident and starting
 * the run: a restart on the same store starts it, once, even with two replicas racing for it.
 * The crash is injected at that exact point (afterDeclared), on real SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { renderPlainText } from '../../../src/core/message.js';
import { OpsError } from '../../../src/core/errors.js';
import { sqliteClaimantGone, STALE_CLAIM_MS } from '../../../src/integrations/alerts/claimant-gone.js';
import type { Store } from '../../../src/store/types.js';
import { storeKinds, tempSqliteStore } from '../../helpers/test-store.js';
import { startAlertHarness, type AlertHarness } from './harness.js';
import { alertmanagerPayload, amAlert } from './fixtures/payloads.js';

let open: AlertHarness[] = [];
afterEach(async () => {
  for (const h of open) await h.close().catch(() => undefined);
  open = [];
});

const DIAGNOSTIC = /diagnostic: pg_isready says no response/;
/** run overviews showing the diagnostic's output (one per run, however often and by whichever replica it was edited; ids are unique across a store) */
const overviews = (...hs: AlertHarness[]) => new Set(hs.flatMap((h) => h.events.filter((e) => (e.type === 'post' || e.type === 'update') && DIAGNOSTIC.test(renderPlainText(e.message))).map((e) => (e as { id: string }).id))).size;
/** how often the diagnostic step ran, from the audit log */
const diagnosticsRun = async (store: Store) => (await store.db.selectFrom('audit_events').select('subject').where('action', '=', 'step.finished').execute()).filter((r) => r.subject.endsWith(':1')).length;
const crash = () => {
  throw new OpsError('SIMULATED_CRASH', 'the process died here');
};
const dbRuns = (store: Store) => store.db.selectFrom('runs').select(['id', 'status']).where('runbook_id', '=', 'db').execute();
const markers = (store: Store) => store.db.selectFrom('alert_runs').select(['state', 'runbook_id']).execute();

type CrashPoint = 'afterDeclared' | 'afterOpened';

async function harness(store: Store, clock: ManualClock, crashAt?: CrashPoint): Promise<AlertHarness> {
  const h = await startAlertHarness({ store, clock, alerts: crashAt ? { [crashAt]: crash } : {} });
  open.push(h);
  return h;
}

const channelsOf = async (store: Store) => (await store.db.selectFrom('incidents').select(['ref', 'channel_id']).execute()).map((r) => [r.ref, r.channel_id]);

/** A process declares the alert's incident, then dies (before its channel opens, or before its run starts). */
async function crashAfterDeclaring(store: Awaited<ReturnType<ReturnType<typeof storeKinds>[number]['open']>>, clock: ManualClock, crashAt: CrashPoint): Promise<void> {
  const h = await harness(await store.reopen(), clock, crashAt);
  expect((await h.post('alertmanager', alertmanagerPayload())).status).toBe(202);
  await h.settle();
  expect(await h.bot.incidents.list()).toHaveLength(1);
  expect(await channelsOf(store)).toEqual([['INC-1', crashAt === 'afterOpened' ? 'inc-1-postgresql-is-down-on-db-1' : null]]);
  expect(h.transcript()).not.toMatch(DIAGNOSTIC);
  expect(await dbRuns(store)).toEqual([]);
  expect(await markers(store)).toEqual([{ state: 'starting', runbook_id: 'db' }]);
  await h.close();
  open = open.filter((x) => x !== h);
}

describe.each(storeKinds().flatMap((kind) => (['afterDeclared', 'afterOpened'] as const).map((crashAt) => ({ kind, name: kind.name, crashAt }))))(
  'an alert incident\'s run after a crash ($crashAt), on $name',
  ({ kind, crashAt }) => {
    it('starts on restart on the same store: one incident, its channel, one run', async () => {
      const store = await kind.open();
      try {
        const clock = new ManualClock(Date.now());
        await crashAfterDeclaring(store, clock, crashAt);
        await clock.advance(1_000);
        const h = await harness(await store.reopen(), clock);
        await h.settle();
        expect(overviews(h)).toBe(1);
        expect(await dbRuns(store)).toHaveLength(1);
        expect(await diagnosticsRun(store)).toBe(1);
        expect(await markers(store)).toEqual([{ state: 'started', runbook_id: 'db' }]);
        // Still one incident, now with its channel: the retried notification declared nothing new.
        expect(await channelsOf(store)).toEqual([['INC-1', 'inc-1-postgresql-is-down-on-db-1']]);
        const run = h.events.find((e) => e.type === 'post' && DIAGNOSTIC.test(renderPlainText(e.message)));
        expect(run).toMatchObject({ channel: 'inc-1-postgresql-is-down-on-db-1' });
        expect(h.approvals().map((a) => a.state)).toEqual(['pending']);
      } finally {
        await store.close();
      }
    });

    it('starts once when two replicas restart on the same store at the same time', async () => {
      const store = await kind.open();
      try {
        const clock = new ManualClock(Date.now());
        await crashAfterDeclaring(store, clock, crashAt);
        await clock.advance(1_000);
        const [a, b] = await Promise.all([harness(await store.reopen(), clock), harness(await store.reopen(), clock)]);
        await Promise.all([a.settle(), b.settle()]);
        // Each sweep looks again: still nothing runs twice.
        await clock.advance(30_000);
        await Promise.all([a.settle(), b.settle()]);
        expect(await dbRuns(store)).toHaveLength(1);
        expect(await diagnosticsRun(store)).toBe(1);
        expect(overviews(a, b)).toBe(1);
        expect(await markers(store)).toEqual([{ state: 'started', runbook_id: 'db' }]);
        expect(await a.bot.incidents.list()).toHaveLength(1);
      } finally {
        await store.close();
      }
    });
  },
);

describe.each(storeKinds())('an alert incident without a run marker (declared before markers existed), on $name', (kind) => {
  it('gets its run on restart when it has none, and is left alone when it has one', async () => {
    const store = await kind.open();
    try {
      const clock = new ManualClock(Date.now());
      // INC-1: declared and run. INC-2: declared, then the process died before its run. Then both markers are gone.
      const first = await harness(await store.reopen(), clock);
      await first.post('alertmanager', alertmanagerPayload({ groupKey: 'other', alerts: [amAlert({ fingerprint: 'other-1', labels: { alertname: 'PostgresDown', instance: 'db-2:5432' } })] }));
      await first.settle();
      expect(await dbRuns(store)).toHaveLength(1);
      await first.close();
      open = open.filter((x) => x !== first);
      const dying = await harness(await store.reopen(), clock, 'afterOpened');
      await dying.post('alertmanager', alertmanagerPayload());
      await dying.settle();
      expect(await dying.bot.incidents.list()).toHaveLength(2);
      expect(await dbRuns(store)).toHaveLength(1);
      await dying.close();
      open = open.filter((x) => x !== dying);
      await store.db.deleteFrom('alert_runs').execute();

      await clock.advance(1_000);
      const h = await harness(await store.reopen(), clock);
      await h.settle();
      expect(await dbRuns(store)).toHaveLength(2);
      expect(await diagnosticsRun(store)).toBe(2);
      expect((await store.db.selectFrom('alert_runs').select('state').execute()).map((r) => r.state)).toEqual(['started', 'started']);
    } finally {
      await store.close();
    }
  });
});

describe('an alert incident\'s run after a failure in a live process', () => {
  it('starts when the notification is retried, and only then', async () => {
    const clock = new ManualClock(Date.now());
    let failures = 1;
    const h = await startAlertHarness({ clock, alerts: { afterDeclared: () => (failures-- > 0 ? crash() : undefined) } });
    // (the failure came before the channel opened: the retry opens it, then runs)
    open.push(h);
    await h.post('alertmanager', alertmanagerPayload());
    await h.settle();
    expect(h.transcript()).not.toMatch(DIAGNOSTIC);
    await clock.advance(5_000); // the notification's retry
    await h.settle();
    expect(overviews(h)).toBe(1);
    expect(await dbRuns(h.services.store)).toHaveLength(1);
    expect(await h.bot.incidents.list()).toHaveLength(1);
    expect(await channelsOf(h.services.store)).toEqual([['INC-1', 'inc-1-postgresql-is-down-on-db-1']]);
  });
});

describe('sqliteClaimantGone: who may take over a claim on SQLite', () => {
  it('a dead pid at once, a live one never; other ids once their startup lock lapsed or the claim is stale', async () => {
    const store = await tempSqliteStore();
    try {
      const clock = new ManualClock(Date.UTC(2026, 11, 1, 3, 0, 0));
      const alive = new Set([4242]);
      const gone = sqliteClaimantGone(store.db, clock, (pid) => alive.has(pid));
      const now = new Date(clock.now()).toISOString();
      expect(await gone('4242-a1b2c3', now)).toBe(false);
      expect(await gone('4343-a1b2c3', now)).toBe(true);
      await store.db.insertInto('locks').values({ name: 'replica:test-live', owner: 'test-live', acquired_at: now, expires_at: new Date(clock.now() + 30_000).toISOString() }).execute();
      expect(await gone('test-live', now)).toBe(false);
      expect(await gone('test-never-started', now)).toBe(true);
      await clock.advance(STALE_CLAIM_MS);
      expect(await gone('test-live', now)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
