/**
 * The wiring `start` and the console add around the core: a rollback that finishes proposes a
 * prefilled "monitoring" update for the open incident (still approval-gated); the built-in page
 * routes are mounted.
 */
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { wireIntegrations } from '../../src/cli/integrations.js';
import { loadCommands } from '../../src/core/commands/load-commands.js';
import { stopStatusRuntime } from '../../src/integrations/statuspage/status-runtime.js';
import { ROOT, startTestBot, type TestBot } from '../helpers/test-bot.js';

const ROLLBACK = `---
id: rollback
title: Roll back a release
params:
  VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' }
---
## Recovery
\`\`\`sh {approve}
echo "deploy $VERSION"
\`\`\`
`;

let t: TestBot | undefined;
afterEach(async () => {
  if (t) await stopStatusRuntime(t.services);
  await t?.close();
  t = undefined;
});

async function approveLatest(bot: TestBot) {
  const a = bot.approvals().filter((x) => x.state === 'pending').at(-1)!;
  await bot.say(':as bob');
  await bot.say(`:react ${a.id} ✅`);
  await bot.say(':as alice');
}

it('a finished rollback offers a "monitoring" update for the open incident, gated like any /status', async () => {
  t = await startTestBot({
    runbooks: { 'rollback.md': ROLLBACK },
    commands: await loadCommands(path.join(ROOT, 'commands')),
    configText: JSON.stringify({ rollback: { versionsCommand: "printf 'v1.2.3\\n'" } }),
  });
  const wired = wireIntegrations(t.bot, t.services);
  expect(wired.routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/status', '/api/v2/status.json', '/api/v2/summary.json']));

  await t.say('/status incident open "Checkout errors" impact:major components:API Checkout fails for some customers.');
  await approveLatest(t);
  await t.say('/rollback v1.2.3');
  await approveLatest(t);

  const proposal = t.approvals().at(-1)!;
  expect(proposal.state).toBe('pending');
  expect(t.text(proposal.id)).toContain('We have applied a fix (a rollback to v1.2.3) and are monitoring the results.');
  const posts = t.events.filter((e) => e.type === 'post').map((e) => t!.text((e as { id: string }).id));
  expect(posts.some((p) => p.includes('Health after the run: no probes are configured'))).toBe(true);
});

it('a run that executed no gated step proposes nothing', async () => {
  // /incident rollback is checked like /rollback: the version must be a known one
  t = await startTestBot({ runbooks: { 'rollback.md': ROLLBACK }, commands: await loadCommands(path.join(ROOT, 'commands')), configText: JSON.stringify({ rollback: { versionsCommand: "printf 'v1.0.0\\n'" } }) });
  wireIntegrations(t.bot, t.services);
  await t.say('/status incident open "Checkout errors" impact:major components:API Checkout fails.');
  await approveLatest(t);
  await t.say('/incident rollback step:1 VERSION:v1.0.0');
  await t.say(':as carol');
  await t.say(`:react ${t.approvals().at(-1)!.id} ❌`);
  expect(t.approvals().map((a) => a.state)).toEqual(['succeeded', 'rejected']);
});

it('an incident status change proposes the matching status-page update; resolving proposes resolved; each needs approval', async () => {
  t = await startTestBot({ commands: await loadCommands(path.join(ROOT, 'commands')), configText: 'rateLimit: { perUser: 100 }' });
  wireIntegrations(t.bot, t.services);
  await t.say('/incident declare Checkout errors sev:1');
  await t.say(':channel inc-1-checkout-errors');
  await t.say('/incident status identified a bad deploy of the cart service');
  const open = t.approvals().at(-1)!;
  expect(open.state).toBe('pending');
  expect(t.text(open.id)).toContain('INC-1 is now identified — post this on the status page?');
  expect(t.text(open.id)).toContain('a bad deploy of the cart service');
  await approveLatest(t);
  const page = await t.services.store.db.selectFrom('status_incidents').selectAll().execute();
  expect(page).toEqual([expect.objectContaining({ name: 'Checkout errors', status: 'identified', impact: 'major' })]);
  expect((await t.bot.incidents.timeline('INC-1')).map((e) => e.type)).toContain('status_page_update');

  await t.say('/incident resolve cart rolled back');
  const resolved = t.approvals().at(-1)!;
  expect(resolved.state).toBe('pending');
  expect(t.text(resolved.id)).toContain('INC-1 is now resolved');
  await approveLatest(t);
  expect((await t.services.store.db.selectFrom('status_incidents').select('status').executeTakeFirstOrThrow()).status).toBe('resolved');
});

it('a step run on its own proposes no status update for an open incident', async () => {
  t = await startTestBot({ runbooks: { 'rollback.md': ROLLBACK }, commands: await loadCommands(path.join(ROOT, 'commands')), configText: JSON.stringify({ rollback: { versionsCommand: "printf 'v1.0.0\\n'" } }) });
  wireIntegrations(t.bot, t.services);
  await t.say('/status incident open "Checkout errors" impact:major components:API Checkout fails.');
  await approveLatest(t);
  await t.say('/incident rollback step:1 VERSION:v1.0.0');
  await approveLatest(t);
  // the step ran and succeeded; no "monitoring" proposal follows it
  expect(t.approvals().map((a) => a.state)).toEqual(['succeeded', 'succeeded']);
  const posts = t.events.filter((e) => e.type === 'post').map((e) => t!.text((e as { id: string }).id));
  expect(posts.some((p) => p.includes('monitoring'))).toBe(false);
});
