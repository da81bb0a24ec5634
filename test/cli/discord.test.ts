import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runDiscordCli } from '../../src/cli/discord.js';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/fake-discord.js';

const here = path.dirname(fileURLToPath(import.meta.url));
let fake: FakeDiscord;
beforeEach(async () => {
  fake = await startFakeDiscord();
});
afterEach(async () => {
  await fake.close();
});

function cli(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    env: { DISCORD_TOKEN: 'test-token', DISCORD_APPLICATION_ID: fake.state.applicationId, DISCORD_API_URL: fake.apiUrl, ...env },
    cwd: here,
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
  };
  return runDiscordCli(argv, io).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('opsbridge discord register', () => {
  it('registers every command file in the guild with options mapped from the zod schemas', async () => {
    const r = await cli(['register', '--guild', fake.guildId, '--commands', '../adapters/discord/fixtures/commands']);
    expect(r).toEqual({ code: 0, out: `registered 2 slash commands in guild ${fake.guildId}: /incident /status\n`, err: '' });
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.state.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put.body).toEqual([
      { name: 'incident', description: 'Open a runbook here', type: 1, options: [{ name: 'topic', description: 'topic', type: 3, required: true }, { name: 'step', description: 'step', type: 4, required: false }] },
      {
        name: 'status',
        description: 'Post a status update',
        type: 1,
        options: [
          { name: 'message', description: 'message', type: 3, required: true },
          { name: 'state', description: 'state', type: 3, required: false, choices: ['investigating', 'identified', 'monitoring', 'resolved'].map((v) => ({ name: v, value: v })) },
        ],
      },
    ]);
  });

  it('registers globally without a guild, and uses DISCORD_GUILD_ID when set', async () => {
    expect((await cli(['register', '--commands', '../adapters/discord/fixtures/commands'])).code).toBe(0);
    expect(fake.state.commands.get('global')).toHaveLength(2);
    expect((await cli(['register', '--commands', '../adapters/discord/fixtures/commands'], { DISCORD_GUILD_ID: fake.guildId })).out).toContain(`in guild ${fake.guildId}`);
    expect(fake.state.commands.get(fake.guildId)).toHaveLength(2);
  });

  it('names what is missing: token, application id, bad usage', async () => {
    await expect(cli(['register'], { DISCORD_TOKEN: '' })).rejects.toThrow(/DISCORD_TOKEN is not set/);
    await expect(cli(['register'], { DISCORD_APPLICATION_ID: '' })).rejects.toThrow(/DISCORD_APPLICATION_ID is not set/);
    const bad = await cli(['register', '--guild']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Option '--guild <value>' argument missing/);
    expect((await cli(['deploy'])).code).toBe(2);
  });
});
