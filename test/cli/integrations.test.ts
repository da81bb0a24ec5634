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
