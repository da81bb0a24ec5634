/**
 * `opsbridge console` on a real terminal: util-linux `script` gives the child a pseudo-terminal,
 * so this is what a person sees after `npm start` — the `alice>` prompt the README promises, and
 * the prompt following `:as`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/test-bot.js';

const run = promisify(execFile);

it('shows the current user as the prompt and echoes what is typed', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'opsbridge-tty-'));
  try {
    const bin = path.join(ROOT, 'bin/opsbridge.js');
    // keystrokes arrive only after the prompt is up; script runs the console on its own pty
    const typing = `sleep 3; printf ':as bob\\n'; sleep 1; printf ':quit\\n'`;
    const { stdout } = await run(
      'bash',
      ['-c', `(${typing}) | script -qec ${JSON.stringify(`${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} console`)} /dev/null`],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: dataDir, OPSBRIDGE_DATA_DIR: dataDir, TERM: 'dumb' }, timeout: 60_000 },
    );
    const screen = stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(screen).toContain('alice> ');
    expect(screen).toContain(':as bob');
    expect(screen).toContain('bob> ');
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 90_000);
