/**
 * `opsbridge <command> --help` and `-h` for every subcommand, as a user types them (a real child
 * process): usage on stdout, exit 0, and nothing started. An unknown option is a usage error
 * (exit 2, one line and the usage), never a stack trace.
 */
import { fileURLToPath } from 'node:url';

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

import { SUBCOMMAND_NAMES, wantsHelp } from '../src/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SLOW = { timeout: 90_000 };
const opsbridge = (...args: string[]) =>
  execa('node', ['bin/opsbridge.js', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production' }, extendEnv: false, reject: false, timeout: 60_000 });

describe('opsbridge --help', SLOW, () => {
  it.each(SUBCOMMAND_NAMES.map((n) => [n]))('%s --help prints its usage and exits 0', async (name) => {
    const result = await opsbridge(name, '--help');
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^usage: opsbridge ${name}\\b`));
    expect(result.exitCode).toBe(0);
  });

  it('start -h and console -h print usage instead of starting anything', async () => {
    for (const args of [['start', '-h'], ['console', '-h'], ['discord', 'register', '-h']]) {
      const result = await opsbridge(...args);
      expect(result.stdout, args.join(' ')).toMatch(new RegExp(`^usage: opsbridge ${args[0]}\\b`));
      expect(result.stdout).not.toContain('opsbridge started');
      expect(result.exitCode).toBe(0);
    }
  });

  it('an unknown option is a usage error with exit 2, not a crash', async () => {
    const result = await opsbridge('start', '--prot', '8080');
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^opsbridge start: Unknown option '--prot'/);
    expect(result.stderr).toContain('usage: opsbridge start');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('counts --help only before a -- separator', () => {
    expect(wantsHelp(['manifest', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--helpful'])).toBe(false);
  });
});
