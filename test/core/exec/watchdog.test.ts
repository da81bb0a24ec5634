/**
 * The watchdog ends a step's process group when the bot dies, even by SIGKILL (nothing in the bot
 * runs then). A real child process plays the bot: it starts a detached group and registers it;
 * we kill -9 the child and assert by pid that the group is gone within 5 s.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { groupAlive } from '../../../src/core/exec/process-group.js';
import { ROOT } from '../../helpers/test-bot.js';

const BOT = `
const { spawn } = await import('node:child_process');
const { watchGroup } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/core/exec/watchdog.js')).href)});
const step = spawn('/bin/sh', ['-c', 'sleep 60 & sleep 60'], { detached: true, stdio: 'ignore' });
watchGroup(step.pid);
console.log(step.pid);
setInterval(() => {}, 1000);
`;

async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('watchdog', () => {
  it('kill -9 of the bot leaves no step process alive after 5 s', async () => {
    const bot = spawn(process.execPath, ['--input-type=module', '-e', BOT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pgid = await new Promise<number>((resolve) => createInterface({ input: bot.stdout! }).once('line', (l) => resolve(Number(l))));
    try {
      expect(groupAlive(pgid)).toBe(true);
      bot.kill('SIGKILL');
      await until(() => !groupAlive(pgid), 5000);
      expect(groupAlive(pgid)).toBe(false);
    } finally {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        /* gone, as it should be */
      }
    }
  });

});
