import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/core/audit/verify-audit.js';
import { isOpsError } from '../../../src/core/errors.js';
import { storeKinds, type TestStore } from '../../helpers/test-store.js';
import { alice, bob, SECRET, serviceOn } from './service-fixture.js';

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    if (isOpsError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe.each(storeKinds())('IncidentService on $name', (kind) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await kind.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('numbers incidents INC-1, INC-2 ... and records who declared what', async () => {
    const { service } = serviceOn(store);
    const first = await service.declare({ title: 'Checkout is failing', severity: 'sev:1'.split(':')[1], actor: alice, platform: 'console', originChannelId: 'incident' });
    const second = await service.declare({ title: 'Emails are slow', actor: bob, platform: 'console', originChannelId: 'incident' });
    expect(first).toMatchObject({ ref: 'INC-1', severity: 'SEV1', status: 'investigating', roles: { commander: { id: 'alice' }, scribe: null, comms: null } });
    expect(second.ref).toBe('INC-2');
    expect(second.severity).toBe('SEV2');
    const timeline = await service.timeline('INC-1');
    expect(timeline.map((e) => [e.type, e.actor.name])).toEqual([['declared', 'alice']]);
    expect(timeline[0]!.at).toBe('2026-03-01T09:00:00.000Z');
  });

  it('two replicas declaring at once never share a number', async () => {
    const other = await store.reopen();
    try {
      const a = serviceOn(store).service;
      const b = serviceOn(other).service;
      const made = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).declare({ title: `outage ${i}`, actor: alice, platform: 'console', originChannelId: 'incident' })));
      const refs = made.map((m) => m.ref).sort((x, y) => Number(x.slice(4)) - Number(y.slice(4)));
      expect(refs).toEqual(Array.from({ length: 12 }, (_, i) => `INC-${i + 1}`));
      expect((await verifyAuditChain(store.db)).ok).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('walks the statuses with timestamps; mitigated at the first monitoring, acknowledged by the first other person', async () => {
    const { service, clock } = serviceOn(store);
    const inc = await service.declare({ title: 'API errors', actor: alice, commander: null, platform: 'console', originChannelId: 'incident' });
    await clock.advance(60_000);
    await service.setStatus(inc.ref, 'identified', bob, 'bad deploy');
    await clock.advance(60_000);
    await service.setStatus(inc.ref, 'monitoring', bob);
    await clock.advance(60_000);
    await service.setStatus(inc.ref, 'identified', bob, 'came back');
    await service.setStatus(inc.ref, 'monitoring', bob);
    await clock.advance(60_000);
    const done = await service.resolve(inc.ref, alice, 'rolled back');
    expect(done).toMatchObject({
      status: 'resolved',
      acknowledgedAt: '2026-03-01T09:01:00.000Z',
      mitigatedAt: '2026-03-01T09:02:00.000Z',
      resolvedAt: '2026-03-01T09:04:00.000Z',
      summary: 'rolled back',
    });
    const types = (await service.timeline(inc.ref)).map((e) => e.type);
    expect(types).toEqual(['declared', 'status_changed', 'status_changed', 'status_changed', 'status_changed', 'resolved']);
  });

  it('refuses what makes no sense, with a reason, and changes nothing', async () => {
    const { service } = serviceOn(store);
    const inc = await service.declare({ title: 'DB down', actor: alice, platform: 'console', originChannelId: 'incident' });
    expect(await code(service.setSeverity(inc.ref, '9', alice))).toBe('BAD_SEVERITY');
    expect(await code(service.setStatus(inc.ref, 'investigating', alice))).toBe('STATUS_UNCHANGED');
    expect(await code(service.declare({ title: 'x'.repeat(10_240), actor: alice, platform: 'console', originChannelId: 'incident' }))).toBe('BAD_TITLE');
    expect(await code(service.note(inc.ref, '   ', alice))).toBe('BAD_NOTE');
    expect(await code(service.get('INC-99'))).toBe('INCIDENT_NOT_FOUND');
    await service.resolve(inc.ref, alice);
    expect(await code(service.resolve(inc.ref, bob))).toBe('INCIDENT_CLOSED');
    expect(await code(service.setSeverity(inc.ref, 1, bob))).toBe('INCIDENT_CLOSED');
    expect((await service.list()).map((i) => i.ref)).toEqual(['INC-1']);
    expect(await service.list({ open: true })).toEqual([]);
  });

  it('two people resolving at once: one resolved event, the other is told', async () => {
    const other = await store.reopen();
    try {
      const a = serviceOn(store).service;
      const b = serviceOn(other).service;
      const inc = await a.declare({ title: 'Outage', actor: alice, platform: 'console', originChannelId: 'incident' });
      const results = await Promise.allSettled([a.resolve(inc.ref, alice), b.resolve(inc.ref, bob), a.resolve(inc.ref, bob), b.resolve(inc.ref, alice)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('INCIDENT_CLOSED');
      const resolved = (await a.timeline(inc.ref)).filter((e) => e.type === 'resolved');
      expect(resolved).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('neutralises mentions and redacts secrets in titles, notes and pins; one event per pinned message', async () => {
    const { service } = serviceOn(store);
    const inc = await service.declare({ title: '@here <!channel> @everyone <@U123> key ' + SECRET, actor: alice, platform: 'console', originChannelId: 'incident' });
    expect(inc.title).not.toMatch(/@here|<!channel>|@everyone|<@U123>/);
    expect(inc.title).not.toContain(SECRET);
    await service.note(inc.ref, `@everyone token ${SECRET}`, bob);
    const pinned = { id: 'm7', author: bob, text: 'primary is out of disk <!here>', at: '2026-03-01T08:59:00.000Z' };
    expect(await service.pin(inc.ref, pinned, alice)).not.toBe('duplicate');
    expect(await service.pin(inc.ref, pinned, bob)).toBe('duplicate');
    const timeline = await service.timeline(inc.ref);
    const text = JSON.stringify(timeline);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/@everyone|<!here>/);
    const pins = timeline.filter((e) => e.type === 'pinned');
    expect(pins).toHaveLength(1);
    // The pinned message's own time, not the time of the reaction.
    expect(pins[0]).toMatchObject({ at: '2026-03-01T08:59:00.000Z', actor: { id: 'alice' } });
    expect(pins[0]!.data.author).toEqual({ id: 'bob', name: 'bob' });
  });

  it('accepts integration events (alerts) declared by the bot, without a commander', async () => {
    const { service } = serviceOn(store);
    const bot = { id: 'opsbridge', name: 'alertmanager' };
    const inc = await service.declare({ title: 'HighErrorRate', severity: 1, actor: bot, source: 'alert', platform: 'console', originChannelId: 'alerts' });
    expect(inc.roles.commander).toBeNull();
    await service.event(inc.ref, { type: 'alert_firing', actor: bot, text: 'HighErrorRate firing', data: { fingerprint: 'abc' } });
    expect(await code(service.event(inc.ref, { type: 'Bad Type!', actor: bot, text: '' }))).toBe('BAD_EVENT_TYPE');
    expect((await service.get(inc.ref)).acknowledgedAt).toBeNull();
    await service.assignRole(inc.ref, 'commander', bob, bob);
    const after = await service.get(inc.ref);
    expect(after.roles.commander).toEqual({ id: 'bob', name: 'bob' });
    expect(after.acknowledgedAt).not.toBeNull();
    expect((await service.timeline(inc.ref)).map((e) => e.type)).toEqual(['declared', 'alert_firing', 'role_assigned']);
  });
});
