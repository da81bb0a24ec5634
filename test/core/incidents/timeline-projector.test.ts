/**
 * The timeline is the audit log projected onto incidents: a run in the incident's channel, its
 * steps and its approvals appear without any incident code in the run engine, and a crash between
 * the audit append and the projection loses nothing.
 */
import { afterEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/core/audit/verify-audit.js';
import { IncidentService } from '../../../src/core/incidents/incident-service.js';
import { dbRunbook } from '../../helpers/runbook-fixtures.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const RUNBOOK = dbRunbook({ title: 'Database down', frontMatter: 'severity: SEV-1', diagnosis: 'echo "connections: 0"', recovery: 'echo restarted' });

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('runs, steps and approvals in the incident channel reach its timeline', async () => {
  t = await startTestBot({ runbooks: { 'db.md': RUNBOOK } });
  const incidents = t.bot.incidents;
  const inc = await incidents.declare({ title: 'Database down', actor: { platform: 'console', id: 'alice', name: 'alice' }, platform: 'console', originChannelId: 'elsewhere' });
  await incidents.setChannel(inc.id, { id: t.adapter.channel.id, name: t.adapter.channel.id, thread: null });
  await t.say('/incident db');
  const approval = t.approvals()[0]!;
  await t.say(':as bob');
  await t.say(`:react ${approval.id} ✅`);
  const timeline = await incidents.timeline(inc.ref);
  expect(timeline.map((e) => e.type)).toEqual(['declared', 'run_started', 'step_finished', 'approval_requested', 'approval_decided', 'step_finished']);
  const [first, second] = timeline.filter((e) => e.type === 'step_finished');
  expect(first!.data).toMatchObject({ step: 1, safety: 'safe', exitCode: 0, status: 'succeeded' });
  expect(first!.data.outputSha256).toMatch(/^[0-9a-f]{64}$/);
  expect(second!.data).toMatchObject({ step: 2, safety: 'approve', exitCode: 0 });
  expect(timeline.find((e) => e.type === 'approval_decided')!.text).toContain('approved by bob');
  expect(timeline.find((e) => e.type === 'run_started')!.actor.name).toBe('alice');
  expect((await incidents.get(inc.ref)).runbooks).toEqual(['db']);
});

it('an audit event appended but not projected before a crash is projected on the next start, once', async () => {
  t = await startTestBot({ runbooks: { 'db.md': RUNBOOK } });
  const { services } = t;
  // A second service whose audit log is not tapped: appends land in the audit log only, as when
  // the process dies right after the append.
  const raw = new IncidentService({ store: services.store, audit: { append: (e) => rawAudit.append(e) }, clock: services.clock, redactor: services.redactor });
  const rawAudit = (await import('../../../src/core/audit/audit-log.js')).createAuditLog(services.store.db, services.clock);
  const inc = await t.bot.incidents.declare({ title: 'API slow', actor: { id: 'alice', name: 'alice' }, platform: 'console', originChannelId: 'incident' });
  await rawAudit.append({ actor: 'console:bob', action: 'incident.note', subject: inc.ref, data: { incident: inc.id, type: 'note', text: 'looking at the pool', actor: { id: 'bob', name: 'bob' } } });
  const before = await services.store.db.selectFrom('incident_events').select('type').where('incident_id', '=', inc.id).execute();
  expect(before.map((r) => r.type)).toEqual(['declared']);
  await raw.project();
  await raw.project();
  expect((await t.bot.incidents.timeline(inc.ref)).map((e) => [e.type, e.actor.name, e.text])).toEqual([
    ['declared', 'alice', 'INC-1 declared: API slow (SEV2)'],
    ['note', 'bob', 'looking at the pool'],
  ]);
  expect((await verifyAuditChain(services.store.db)).ok).toBe(true);
});
