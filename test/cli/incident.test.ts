/**
 * `opsbridge incident list|show|export` as a user runs them (real child processes on the store a
 * real bot wrote), and the export's head hash found again by `opsbridge audit verify --json`.
 */
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { incidentDocumentSchema } from '../../src/core/incidents/postmortem-schema.js';
import { ROOT, startTestBot, type TestBot } from '../helpers/test-bot.js';
import { dbRunbook } from '../helpers/runbook-fixtures.js';

const RUNBOOK = dbRunbook({ frontMatter: 'severity: SEV-1', diagnosis: 'echo "pool: 100/100"', recovery: 'echo "restarted pool"' });

let t: TestBot;
let dataDir: string;
const cli = (...args: string[]) =>
  execa('node', ['bin/opsbridge.js', 'incident', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: dataDir, OPSBRIDGE_DATA_DIR: dataDir }, extendEnv: false, reject: false });

beforeAll(async () => {
  t = await startTestBot({ runbooks: { 'db.md': RUNBOOK }, configText: 'rateLimit: { perUser: 100 }' });
  dataDir = t.services.dataDir;
  await t.say('/incident db');
  await t.say(':channel inc-1-database-connection-failure');
  await t.say(':as bob');
  await t.say(`:react ${t.approvals()[0]!.id} ✅`);
  await t.say(':as alice');
  await t.say('/incident status monitoring pool restarted');
  await t.say('/incident followup alert on pool saturation');
  await t.say('/incident resolve connections back to normal');
  await t.say(':channel incident');
  await t.say('/incident declare Search is slow sev:3');
  await t.bot.stop();
});
afterAll(async () => {
  await t.services.cleanup();
}, 60_000);

it('list --json: every incident with ref, id, title, severity and status; --open only the open ones', async () => {
  const all = await cli('list', '--json');
  expect(all.exitCode).toBe(0);
  const { incidents } = JSON.parse(all.stdout) as { incidents: { ref: string; id: string; title: string; severity: string; status: string }[] };
  expect(incidents.map((i) => [i.ref, i.severity, i.status, i.title])).toEqual([
    ['INC-1', 'SEV1', 'resolved', 'Database connection failure'],
    ['INC-2', 'SEV3', 'investigating', 'Search is slow'],
  ]);
  expect(incidents[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
  const open = JSON.parse((await cli('list', '--open', '--json')).stdout) as { incidents: { ref: string }[] };
  expect(open.incidents.map((i) => i.ref)).toEqual(['INC-2']);
}, 60_000);

it('show --json: the incident document, valid against the shared schema, with steps and who approved them', async () => {
  const result = await cli('show', 'INC-1', '--json');
  expect(result.exitCode).toBe(0);
  const doc = incidentDocumentSchema.parse(JSON.parse(result.stdout));
  expect(doc).toMatchObject({ ref: 'INC-1', severity: 'SEV1', status: 'resolved', channel: 'inc-1-database-connection-failure', roles: { commander: { id: 'alice', name: 'alice' }, scribe: null, comms: null }, runbooks: ['db'] });
  expect(doc.acknowledged_at).not.toBeNull();
  expect(Date.parse(doc.mitigated_at!)).toBeLessThanOrEqual(Date.parse(doc.resolved_at!));
  expect(doc.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['declared', 'run_started', 'step_finished', 'approval_requested', 'approval_decided', 'status_changed', 'followup', 'resolved']));
  for (const e of doc.timeline) expect(Object.keys(e)).toEqual(expect.arrayContaining(['at', 'type', 'actor', 'text']));
  const recovery = doc.steps.find((s) => s.safety === 'approve')!;
  expect(recovery).toMatchObject({ status: 'succeeded', exit_code: 0, approved_by: ['bob'], requested_by: 'alice' });
  expect(recovery.output_sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(doc.followups).toEqual([expect.objectContaining({ by: 'alice', text: 'alert on pool saturation' })]);
}, 60_000);

it('export: Markdown by default, JSON with --format json; its head hash is in the chain audit verify reports', async () => {
  const md = await cli('export', 'INC-1');
  expect(md.exitCode).toBe(0);
  for (const part of ['# INC-1: Database connection failure', '## Key times', 'time to acknowledge', 'time to mitigate', 'time to resolve', '## Timeline', '## Steps that ran', '## Follow-ups', 'alert on pool saturation']) {
    expect(md.stdout).toContain(part);
  }
  const json = incidentDocumentSchema.parse(JSON.parse((await cli('export', 'inc-1', '--format', 'json')).stdout));
  const verify = await execa('node', ['bin/opsbridge.js', 'audit', 'verify', '--json'], { cwd: ROOT, env: { PATH: process.env.PATH, OPSBRIDGE_DATA_DIR: dataDir }, extendEnv: false, reject: false });
  const chain = JSON.parse(verify.stdout) as { ok: boolean; events: number; head: { seq: number; hash: string } };
  expect(chain.ok).toBe(true);
  expect(json.audit.head).toEqual(chain.head);
  expect(md.stdout).toContain(chain.head.hash);
}, 60_000);

it('refuses what it cannot do, naming it', async () => {
  const missing = await cli('show', 'INC-99');
  expect(missing.exitCode).toBe(1);
  expect(missing.stderr).toMatch(/no incident "INC-99"/);
  const bad = await cli('export', 'INC-1', '--format', 'pdf');
  expect(bad.exitCode).toBe(2);
  expect(bad.stderr).toMatch(/--format must be md or json/);
}, 60_000);
