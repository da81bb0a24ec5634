/**
 * The core end to end through the console adapter: real runbook parsing and classification,
 * real child processes writing marker files (to prove exactly-once), real SQLite.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { startTestBot, useAsIncidentChannel, type TestBot } from '../helpers/test-bot.js';

const DEMO = `---
id: demo
title: Demo outage
aliases: [demonstration]
severity: SEV-2
---
# Demo outage
## Symptoms
Checkout is slow and webhooks fail.
## Diagnosis
\`\`\`sh
echo "diagnostic ok"
\`\`\`
\`\`\`sh
echo "token=$DEMO_TOKEN"
\`\`\`
## Recovery
1. Look at the dashboard first.
\`\`\`sh {approve}
echo run >> "$MARKER_DIR/step3"
\`\`\`
\`\`\`sh {approve}
echo run >> "$MARKER_DIR/step4"
\`\`\`
## Verify
\`\`\`sh
echo verified
\`\`\`
`;

let markers: string;
let t: TestBot;
const count = async (file: string) => (existsSync(path.join(markers, file)) ? (await readFile(path.join(markers, file), 'utf8')).trim().split('\n').length : 0);

async function start(extra: { configText?: string; clock?: ManualClock } = {}) {
  t = await startTestBot({
    runbooks: { 'demo.md': DEMO },
    env: { DEMO_TOKEN: 'tok_supersecretvalue123' },
    clock: extra.clock,
    configText: `exec: { stepEnv: { MARKER_DIR: "${markers}", DEMO_TOKEN: "tok_supersecretvalue123" } }\n${extra.configText ?? ''}`,
  });
  // Runs and approvals are tested inside an incident's channel, where /incident <runbook> runs in place.
  await useAsIncidentChannel(t);
  return t;
}

beforeEach(async () => {
  markers = await mkdtemp(path.join(tmpdir(), 'opsbridge-markers-'));
});
afterEach(async () => {
  await t?.close();
  await rm(markers, { recursive: true, force: true });
});

describe('/incident', () => {
  it('posts the overview, runs diagnostics with redacted output, and gates recovery one step at a time', async () => {
    await start();
    await t.say('/incident demo');
    const overview = t.text('m1');
    expect(overview).toContain('SEV-2 · Demo outage (demo)');
    expect(overview).toContain('Checkout is slow');
    expect(overview).toContain('diagnostic ok');
    expect(overview).toContain('token=[REDACTED]');
    expect(overview).not.toContain('supersecretvalue');
    expect(t.approvals()).toEqual([{ id: 'm2', state: 'pending', step: 3 }]);
    expect(await count('step3')).toBe(0);

    await t.say(':as bob');
    await t.say(':react m2 ✅');
    expect(await count('step3')).toBe(1);
    expect(t.approvals()).toEqual([
      { id: 'm2', state: 'succeeded', step: 3 },
      { id: 'm3', state: 'pending', step: 4 },
    ]);
    await t.say(':press m3 approve');
    expect(await count('step4')).toBe(1);
    // verify ran on its own after the last gated step, and the run finished
    expect(t.text('m1')).toContain('verified');
    expect(t.text('m1')).toContain('run finished');
  });

  it('refuses the requester, strangers and non-approval messages privately; nothing runs', async () => {
    await start();
    await t.say('/incident demo');
    await t.say(':react m2 ✅'); // alice requested it
    await t.say(':as mallory');
    await t.say(':react m2 white_check_mark');
    await t.say(':as bob');
    await t.say(':react m1 ✅'); // the overview is not an approval request
    expect(t.notices('alice').join('\n')).toMatch(/you requested this step/);
    expect(t.notices('mallory').join('\n')).toMatch(/not counted: approving needs one of the roles "approver"/);
    expect(t.notices('bob').join('\n')).toMatch(/not an approval request/);
    expect(t.approvals()[0]!.state).toBe('pending');
    expect(await count('step3')).toBe(0);
    const actions = (await t.services.store.db.selectFrom('audit_events').select('action').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'approval.vote_ignored')).toHaveLength(3);
  });

  it('a reject from an approver ends the request and stops the run', async () => {
    await start();
    await t.say('/incident demo');
    await t.say(':as carol');
    await t.say(':react m2 ❌');
    await t.say(':as bob');
    await t.say(':react m2 ✅');
    expect(t.approvals()).toEqual([{ id: 'm2', state: 'rejected', step: 3 }]);
    expect(t.notices('bob').join('\n')).toMatch(/already rejected/);
    expect(await count('step3')).toBe(0);
    expect(await count('step4')).toBe(0);
  });

  it('expires after the TTL with a message; later reactions are refused', async () => {
    const clock = new ManualClock();
    await start({ clock, configText: 'approval: { ttl: 15m }' });
    await t.say('/incident demo');
    await clock.advance(15 * 60_000 + 1);
    await t.bot.idle();
    expect(t.approvals()[0]!.state).toBe('expired');
    expect(t.events.some((e) => e.type === 'post' && JSON.stringify(e.message).includes('expired'))).toBe(true);
    await t.say(':as bob');
    await t.say(':react m2 ✅');
    expect(t.notices('bob').join('\n')).toMatch(/already expired/);
    expect(await count('step3')).toBe(0);
  });

  it('a quorum of 2 needs two distinct approvers', async () => {
    await start({ configText: 'approval: { quorum: 2 }' });
    await t.say('/incident demo');
    await t.say(':as bob');
    await t.say(':react m2 ✅');
    await t.say(':react m2 ✅');
    expect(await count('step3')).toBe(0);
    expect(t.text('m2')).toContain('bob (1/2)');
    await t.say(':as carol');
    await t.say(':react m2 ✅');
    expect(await count('step3')).toBe(1);
  });

  it('50 approve reactions at once run the step exactly once', async () => {
    const users = Array.from({ length: 50 }, (_, i) => `ap${i}`);
    await start({ configText: `console: { users: { alice: [oncall], ${users.map((u) => `${u}: [approver]`).join(', ')} } }` });
    await t.say('/incident demo');
    await Promise.all(users.map((u) => t.bot.handlers.onReaction({ message: { channel: t.adapter.channel, id: 'm2' }, emoji: '✅', actor: t.adapter.actor(u) })));
    await t.bot.idle();
    expect(await count('step3')).toBe(1);
    const votes = await t.services.store.db.selectFrom('votes').selectAll().execute();
    expect(votes.length).toBeGreaterThanOrEqual(1);
  });

  it('targets one step with step:N and explains unknown topics', async () => {
    await start();
    await t.say('/incident demo step:4');
    expect(t.approvals()).toEqual([{ id: 'm2', state: 'pending', step: 4 }]);
    await t.say('/incident demostration');
    await t.say('/incident nosuch');
    await t.say('/incident ԁemo'); // Cyrillic look-alike
    await t.say('/incident demo step:99');
    const notes = t.notices('alice').join('\n');
    expect(notes).toMatch(/No runbook "demostration"\. Did you mean "demo/);
    expect(notes).toMatch(/No runbook "nosuch"/);
    expect(notes).toMatch(/No runbook "ԁemo"/);
    expect(notes).toMatch(/step:99 does not exist/);
  });
});

describe('restarts', () => {
  it('a pending approval survives a restart and runs once when approved', async () => {
    await start();
    await t.say('/incident demo');
    const dataDir = t.services.dataDir;
    await t.bot.stop();
    await t.services.store.close();
    const again = await startTestBot({
      runbooks: { 'demo.md': DEMO },
      dataDir,
      configText: `exec: { stepEnv: { MARKER_DIR: "${markers}" } }`,
    });
    try {
      await again.say(':as bob');
      await again.bot.handlers.onReaction({ message: { channel: again.adapter.channel, id: 'm2' }, emoji: '✅', actor: again.adapter.actor('bob') });
      await again.bot.idle();
      expect(await count('step3')).toBe(1);
    } finally {
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a request stored but never linked to its message (crash right after posting) is posted again', async () => {
    await start();
    await t.say('/incident demo');
    const dataDir = t.services.dataDir;
    await t.services.store.db.updateTable('approvals').set({ message_id: null }).execute();
    await t.bot.stop();
    await t.services.store.close();
    const again = await startTestBot({ runbooks: { 'demo.md': DEMO }, dataDir, configText: `exec: { stepEnv: { MARKER_DIR: "${markers}" } }` });
    try {
      // posted again under a new id: m2 was already handed out, and ids are never reused
      const reposted = again.approvals();
      expect(reposted).toEqual([{ id: 'm3', state: 'pending', step: 3 }]);
      await again.say(':as bob');
      await again.say(':react m3 ✅');
      expect(await count('step3')).toBe(1);
    } finally {
      await again.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
