import path from 'node:path';
import { expect, it } from 'vitest';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { ROOT } from '../../helpers/test-bot.js';

it('loads the shipped commands', async () => {
  const names = (await loadCommands(path.join(ROOT, 'commands'))).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['incident', 'runbooks', 'rollback']));
});

it('a bad command file stops loading with a message naming the file', async () => {
  const dir = path.join(ROOT, 'test/fixtures/commands-bad');
  await expect(loadCommands(dir)).rejects.toThrow(/commands-bad\/broken\.ts: invalid command: name: name must be lower-case.*exactly one of `handler` or `runbook`/);
});
