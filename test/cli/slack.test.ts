import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runSlackCli } from '../../src/cli/slack.js';

const defineUrl = pathToFileURL(path.resolve('src/core/commands/define-command.ts')).href;

function io(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env, cwd, out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

describe('opsbridge slack manifest', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-slack-cli-'));
    await writeFile(
      path.join(dir, 'incident.ts'),
      `import { defineCommand } from '${defineUrl}';\nexport default defineCommand({ name: 'incident', description: 'Run an incident runbook', usage: '<topic> [step:N]', runbook: 'db' });\n`,
    );
    await writeFile(path.join(dir, 'health.ts'), `import { defineCommand } from '${defineUrl}';\nexport default defineCommand({ name: 'health', description: 'Probe services', handler: async () => {} });\n`);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a Socket Mode app manifest with every command, the scopes, the event and interactivity', async () => {
    const t = io();
    expect(await runSlackCli(['manifest', '--commands', dir], t.io)).toBe(0);
    const m = parse(t.out.join(''));
    expect(m.features.slash_commands).toEqual([
      { command: '/health', description: 'Probe services', should_escape: false },
      { command: '/incident', description: 'Run an incident runbook', usage_hint: '<topic> [step:N]', should_escape: false },
    ]);
    expect(m.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'reactions:read', 'usergroups:read', 'users:read']);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['reaction_added']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.display_information.name).toBe('opsbridge');
    expect(m.features.bot_user.display_name).toBe('opsbridge');
  });

  it('points everything at /slack/events for an HTTP-mode app', async () => {
    const t = io();
    expect(await runSlackCli(['manifest', `--commands=${dir}`, '--request-url', 'https://ops.example.com/', '--name', 'ops-bot'], t.io)).toBe(0);
    const m = parse(t.out.join(''));
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBe('https://ops.example.com/slack/events');
    expect(m.settings.interactivity.request_url).toBe('https://ops.example.com/slack/events');
    expect(m.features.slash_commands.map((c: { url: string }) => c.url)).toEqual(['https://ops.example.com/slack/events', 'https://ops.example.com/slack/events']);
    expect(m.display_information.name).toBe('ops-bot');
  });

  it('reads the commands directory from OPSBRIDGE_COMMANDS_DIR', async () => {
    const t = io({ OPSBRIDGE_COMMANDS_DIR: dir });
    expect(await runSlackCli(['manifest'], t.io)).toBe(0);
    expect(parse(t.out.join('')).features.slash_commands).toHaveLength(2);
  });

  it('explains bad usage with exit code 2', async () => {
    const t = io();
    expect(await runSlackCli(['manifesto'], t.io)).toBe(2);
    expect(await runSlackCli(['manifest', '--bogus'], t.io)).toBe(2);
    expect(await runSlackCli(['manifest', '--request-url', 'ftp://x'], t.io)).toBe(2);
    expect(t.err.join('')).toContain('usage: opsbridge slack manifest');
    expect(t.out).toEqual([]);
  });

  it('names the broken command file instead of printing a partial manifest', async () => {
    await writeFile(path.join(dir, 'broken.ts'), `export default { name: 'Bad Name' };\n`);
    const t = io();
    await expect(runSlackCli(['manifest', '--commands', dir], t.io)).rejects.toThrow(/broken\.ts/);
    expect(t.out).toEqual([]);
  });
});
