/**
 * Console users in role assignments, through the console and the real core: a console user is a
 * name, so `@name` finds anyone the console knows (configured, typed here with :as, or acted on
 * a console sharing the store before); anyone else gets a clear answer and nothing changes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

let bots: TestBot[] = [];
let dirs: string[] = [];
afterEach(async () => {
  for (const t of bots) await t.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  bots = [];
  dirs = [];
});

async function bot(dataDir?: string): Promise<TestBot> {
  const t = await startTestBot({ configText: 'rateLimit: { perUser: 100 }', ...(dataDir ? { dataDir } : {}) });
  bots.push(t);
  return t;
}

it('gives a role to a console user who typed here with :as, and refuses a name nobody used, saying who it knows', async () => {
  const t = await bot();
  await t.say('/incident declare Queue backlog');
  await t.say(':channel inc-1-queue-backlog');
  await t.say('/incident role scribe @dave');
  expect(t.notices('alice').at(-1)).toBe('I do not know a user "@dave" on this console. People I know: alice, bob, carol. Someone new is known once they have typed here (:as dave).');
  expect((await t.bot.incidents.get('INC-1')).roles.scribe).toBeNull();

  await t.say(':as dave');
  await t.say(':as alice');
  await t.say('/incident role scribe @dave');
  await t.say('/incident lead bob');
  const inc = await t.bot.incidents.get('INC-1');
  expect(inc.roles).toMatchObject({ scribe: { id: 'dave', name: 'dave' }, commander: { id: 'bob', name: 'bob' } });
});

it('knows, after a restart on the same store, someone who acted on the console before or holds a role', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'opsbridge-console-users-'));
  dirs.push(dataDir);
  const before = await bot(dataDir);
  await before.say(':as erin');
  await before.say('/incident declare Queue backlog');
  await before.close();
  bots = bots.filter((b) => b !== before);

  const after = await bot(dataDir);
  await after.say(':channel inc-1-queue-backlog');
  await after.say('/incident role comms @erin');
  expect((await after.bot.incidents.get('INC-1')).roles.comms).toMatchObject({ id: 'erin' });
  // dave never typed anything, but holds a role: known as well.
  await after.say(':as dave');
  await after.say(':as alice');
  await after.say('/incident role scribe @dave');
  await after.close();
  bots = bots.filter((b) => b !== after);
  const third = await bot(dataDir);
  await third.say(':channel inc-1-queue-backlog');
  await third.say('/incident lead @dave');
  expect((await third.bot.incidents.get('INC-1')).roles.commander).toMatchObject({ id: 'dave' });
  await third.say('/incident role scribe @frank');
  expect(third.notices('alice').at(-1)).toMatch(/^I do not know a user "@frank" on this console\. People I know: alice, bob, carol\./);
});
