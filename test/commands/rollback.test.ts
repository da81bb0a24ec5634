/**
 * /rollback through the real core: the version must match the runbook's pattern and be known;
 * one rollback per environment at a time; after recovery it verifies and reports health.
 * Every refusal is answered and audited, and nothing runs.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/test-bot.js';

const ROLLBACK = `---
id: rollback
title: Roll back a release
params:
  VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' }
---
## Diagnosis
\`\`\`sh
echo "current release"
\`\`\`
## Recovery
\`\`\`sh {approve}
echo "deploy $VERSION" >> "$MARKER_DIR/deploys"
\`\`\`
## Verify
\`\`\`sh
echo "verified"
\`\`\`
`;

let t: TestBot;
let markers: string;
let app: Server;

beforeEach(async () => {
  markers = await mkdtemp(path.join(tmpdir(), 'opsbridge-rollback-'));
  app = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(app.address() as AddressInfo).port}/health`;
  t = await startTestBot({
    runbooks: { 'rollback.md': ROLLBACK },
    configText: JSON.stringify({
      exec: { stepEnv: { MARKER_DIR: markers } },
      rollback: { versionsCommand: "printf 'v1.2.2\\nv1.2.3\\nv1.2.4\\n'" },
      health: { probes: [{ name: 'app', url }] },
    }),
  });
});

afterEach(async () => {
  await t.close();
  await new Promise((r) => app.close(r));
  await rm(markers, { recursive: true, force: true });
});

const deploys = async () => (existsSync(path.join(markers, 'deploys')) ? (await readFile(path.join(markers, 'deploys'), 'utf8')).trim().split('\n') : []);

it('refuses injection, unknown versions and oversized input; nothing runs and each is audited', async () => {
  await t.say(`/rollback 'v1.2.3; rm -rf /'`);
  await t.say('/rollback v1.2.3; rm -rf /');
  await t.say('/rollback v9.9.9');
  await t.say('/rollback v１.2.3'); // fullwidth digit
  await t.say(`/rollback ${'v'.repeat(10_000)}`);
  const said = t.notices('alice');
  expect(said[0]).toMatch(/VERSION="v1\.2\.3; rm -rf \/" does not match/);
  expect(said[1]).toMatch(/unexpected arguments: "rm" "-rf" "\/"/);
  expect(said[2]).toMatch(/v9\.9\.9 is not a known version \(known, most recent last: v1\.2\.2, v1\.2\.3, v1\.2\.4\)/);
  expect(said[3]).toMatch(/does not match/);
  expect(said[4]).toMatch(/too long/);
  expect(t.approvals()).toEqual([]);
  const audit = await t.services.store.db.selectFrom('audit_events').select(['action', 'subject']).where('subject', '=', '/rollback').execute();
  expect(audit.filter((a) => a.action === 'command.refused' || a.action === 'command.failed')).toHaveLength(5);
});

it('holds one rollback per environment, then deploys, verifies and reports health', async () => {
  await t.say('/rollback v1.2.3');
  expect(t.approvals()).toEqual([expect.objectContaining({ state: 'pending' })]);
  await t.say('/rollback v1.2.4');
  expect(t.notices('alice').join('\n')).toMatch(/another rollback is in progress \(rollback:production, run \w+ started by alice/);
  expect(t.approvals()).toHaveLength(1);

  await t.say(':as bob');
  await t.say(`:react ${t.approvals()[0]!.id} ✅`);
  expect(await deploys()).toEqual(['deploy v1.2.3']);
  const all = t.events.filter((e) => e.type === 'post').map((e) => t.text((e as { id: string }).id)).join('\n');
  expect(all).toMatch(/Health after the run: all 1 healthy/);
  expect(t.text('m1')).toContain('verified');

  // the lock was released with the run: the next rollback may start
  await t.say(':as alice');
  await t.say('/rollback v1.2.4');
  expect(t.approvals().filter((a) => a.state === 'pending')).toHaveLength(1);
});

it('a rejected rollback releases the lock', async () => {
  await t.say('/rollback v1.2.3');
  await t.say(':as carol');
  await t.say(`:react ${t.approvals()[0]!.id} ❌`);
  await t.say(':as alice');
  await t.say('/rollback v1.2.2');
  expect(t.approvals().map((a) => a.state)).toEqual(['rejected', 'pending']);
  expect(await deploys()).toEqual([]);
});

it('/incident passes runbook params given inline or packed in params: (as Discord sends them), validated', async () => {
  await t.say('/incident rollback step:2 VERSION:v1.2.2');
  await t.say(':as bob');
  await t.say(`:react ${t.approvals()[0]!.id} ✅`);
  await t.say(':as alice');
  await t.say('/incident rollback step:2 params:"VERSION:v1.2.4"');
  await t.say('/incident rollback step:2 params:"VERSION:$(id)"');
  await t.say('/incident rollback step:2 params:"NOPE:1"');
  await t.say(':as bob');
  await t.say(`:react ${t.approvals()[1]!.id} ✅`);
  expect((await deploys()).sort()).toEqual(['deploy v1.2.2', 'deploy v1.2.4']);
  const said = t.notices('alice').join('\n');
  expect(said).toMatch(/VERSION="\$\(id\)" does not match/);
  expect(said).toMatch(/has no parameter "nope"/);
});

it('/incident rollback is checked just like /rollback: unknown versions refused, one per environment', async () => {
  await t.say('/incident rollback VERSION:v9.9.9');
  expect(t.notices('alice').join('\n')).toMatch(/v9\.9\.9 is not a known version/);
  expect(t.approvals()).toEqual([]);
  await t.say('/rollback v1.2.3');
  await t.say('/incident rollback VERSION:v1.2.4');
  expect(t.notices('alice').join('\n')).toMatch(/another rollback is in progress \(rollback:production/);
  expect(t.approvals()).toHaveLength(1);
  expect(await deploys()).toEqual([]);
});

it('a runbook declares its own checks: known: per param and lock: with placeholders', async () => {
  await t.close();
  const SCALE = `---\nid: scale\ntitle: Scale a region\nparams:\n  REGION: { pattern: '^[a-z]+$', known: "printf 'eu\\nus\\n'" }\nlock: scale:{environment}:{REGION}\n---\n## Recovery\n\`\`\`sh {approve}\necho "scale $REGION" >> "$MARKER_DIR/deploys"\n\`\`\`\n`;
  t = await startTestBot({ runbooks: { 'scale.md': SCALE }, configText: JSON.stringify({ exec: { stepEnv: { MARKER_DIR: markers } } }) });
  await t.say('/incident scale REGION:ap');
  await t.say('/incident scale REGION:eu');
  await t.say('/incident scale REGION:eu');
  await t.say('/incident scale REGION:us');
  const said = t.notices('alice').join('\n');
  expect(said).toMatch(/ap is not a known value of REGION \(known, most recent last: eu, us\)/);
  expect(said).toMatch(/another scale is in progress \(scale:production:eu/);
  expect(t.approvals()).toHaveLength(2);
});
