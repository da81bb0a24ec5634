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

describe('opsbridge discord invite', () => {
  // Discord's documented bit positions (discord.com/developers/docs/topics/permissions)
  const DOCUMENTED = {
    MANAGE_CHANNELS: 1n << 4n,
    ADD_REACTIONS: 1n << 6n,
    VIEW_CHANNEL: 1n << 10n,
    SEND_MESSAGES: 1n << 11n,
    EMBED_LINKS: 1n << 14n,
    ATTACH_FILES: 1n << 15n,
    READ_MESSAGE_HISTORY: 1n << 16n,
    MANAGE_THREADS: 1n << 34n,
    CREATE_PUBLIC_THREADS: 1n << 35n,
    SEND_MESSAGES_IN_THREADS: 1n << 38n,
    PIN_MESSAGES: 1n << 51n,
  };
  const NEVER = { ADMINISTRATOR: 1n << 3n, MANAGE_GUILD: 1n << 5n, MENTION_EVERYONE: 1n << 17n, MANAGE_ROLES: 1n << 28n, MANAGE_MESSAGES: 1n << 13n, KICK_MEMBERS: 1n << 1n };

  it('prints the OAuth2 URL with both scopes and exactly the permissions the bot uses', async () => {
    const r = await cli(['invite']);
    expect(r.code).toBe(0);
    const first = r.out.split('\n')[0]!;
    expect(first).toMatch(/^https:\/\/discord\.com\/oauth2\/authorize\?/);
    expect(first).toContain('scope=bot%20applications.commands');
    const url = new URL(first);
    expect(url.searchParams.get('client_id')).toBe(fake.state.applicationId);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const permissions = BigInt(url.searchParams.get('permissions')!);
    expect(permissions).toBe(Object.values(DOCUMENTED).reduce((a, b) => a | b, 0n));
    for (const bit of Object.values(NEVER)) expect(permissions & bit).toBe(0n);
    // every permission is explained on its own line, and the intents are named
    expect(r.out).toContain('ManageChannels');
    expect(r.out).toContain('GuildMessageReactions');
    expect(r.err).toBe('');
  });

  it('preselects the server from --guild and takes the id from the flag', async () => {
    const r = await cli(['invite', '--application-id', '123456789012345678', '--guild', '234567890123456789']);
    const url = new URL(r.out.split('\n')[0]!);
    expect(url.searchParams.get('client_id')).toBe('123456789012345678');
    expect(url.searchParams.get('guild_id')).toBe('234567890123456789');
  });

  it('says which id is missing or wrong, with exit code 2', async () => {
    const missing = await cli(['invite'], { DISCORD_APPLICATION_ID: '' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('DISCORD_APPLICATION_ID');
    const wrong = await cli(['invite', '--application-id', 'my-bot']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('"my-bot" is not an application id');
    expect(wrong.out).toBe('');
  });
});
