/** /help lists every command with one line each (the console here; Slack and Discord in their flow tests). */
import path from 'node:path';

import { afterEach, expect, it } from 'vitest';

import { loadCommands } from '../../src/core/commands/load-commands.js';
import { ROOT, startTestBot, type TestBot } from '../helpers/test-bot.js';

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

it('/help lists every command, one line each, instead of "Unknown command"', async () => {
  const commands = await loadCommands(path.join(ROOT, 'commands'));
  t = await startTestBot({ commands });
  await t.say('/help');
  const post = t.events.find((e) => e.type === 'post')!;
  const text = t.text((post as { id: string }).id);
  expect(text).not.toMatch(/Unknown command/);
  const lines = text.split('\n').filter((l) => l.startsWith('• /'));
  expect(lines.map((l) => l.slice(3).split(/[\s:]/)[0]).sort()).toEqual(commands.map((c) => c.name).sort());
  expect(lines).toContain('• /incident <topic> [step:N | from:N] [PARAM:value ...]: ' + commands.find((c) => c.name === 'incident')!.description);
  expect(lines).toContain('• /rollback <version>: ' + commands.find((c) => c.name === 'rollback')!.description);
});
