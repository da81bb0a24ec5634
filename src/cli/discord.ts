/**
 * `opsbridge discord register [--guild ID] [--global] [--commands DIR] [--config FILE]`: registers
 * the slash commands from commands/ with one bulk overwrite. A guild registration (from --guild or
 * DISCORD_GUILD_ID) is instant; without one the commands are global. Needs DISCORD_TOKEN and
 * DISCORD_APPLICATION_ID. Exit 0 on success, 1 on failure, 2 on bad usage.
 *
 * `opsbridge discord invite [--application-id ID] [--guild ID]`: prints the URL that adds the bot
 * to a server with the scopes and the permissions it uses. Needs no token.
 */
import path from 'node:path';

import { BOT_INTENTS, BOT_PERMISSIONS, botPermissions, inviteUrl } from '../adapters/discord/invite.js';
import { registerCommands } from '../adapters/discord/register-commands.js';
import { readConfig } from '../config/read-config.js';
import { loadCommands } from '../core/commands/load-commands.js';
import { OpsError } from '../core/errors.js';
import { parseFlags, processIo, type CliIo } from './cli-io.js';

export const USAGE = [
  'usage: opsbridge discord register [--guild ID | --global] [--commands DIR] [--config FILE]',
  '       opsbridge discord invite [--application-id ID] [--guild ID] [--config FILE]',
].join('\n');

export type { CliIo };

export function run(argv: string[]): Promise<number> {
  return runDiscordCli(argv, processIo());
}

export async function runDiscordCli(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (sub === 'invite') return invite(rest, io);
  if (sub !== 'register') {
    io.err(`${sub ? `opsbridge discord: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const parsed = parseFlags(rest, {
    guild: { type: 'string' },
    global: { type: 'boolean' },
    commands: { type: 'string' },
    config: { type: 'string' },
  });
  if ('problem' in parsed) return usage(io, parsed.problem);
  const flags = parsed.values;
  if (flags.global && flags.guild) return usage(io, '--guild and --global exclude each other');

  const config = await readConfig(io.env, flags.config, io.cwd);
  const { token, applicationId, apiUrl } = config.discord;
  if (!token) throw new OpsError('DISCORD_CONFIG', 'DISCORD_TOKEN is not set (the bot token from the Discord developer portal)');
  if (!applicationId) throw new OpsError('DISCORD_CONFIG', 'DISCORD_APPLICATION_ID is not set (the application id from the Discord developer portal)');
  const guildId = flags.global ? undefined : flags.guild ?? config.discord.guildId;

  const commands = await loadCommands(path.resolve(io.cwd, flags.commands ?? config.commandsDir));
  const saved = await registerCommands({ token, applicationId, guildId, apiUrl, commands });
  const where = guildId ? `in guild ${guildId}` : 'globally (may take up to an hour to appear)';
  io.out(`registered ${saved.length} slash command${saved.length === 1 ? '' : 's'} ${where}: ${saved.map((c) => '/' + c.name).join(' ')}\n`);
  return 0;
}

async function invite(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(args, { 'application-id': { type: 'string' }, guild: { type: 'string' }, config: { type: 'string' } });
  if ('problem' in parsed) return usage(io, parsed.problem);
  const flags = parsed.values;
  const config = await readConfig(io.env, flags.config, io.cwd);
  const applicationId = flags['application-id'] ?? config.discord.applicationId;
  if (!applicationId) return usage(io, 'name the application: --application-id ID or DISCORD_APPLICATION_ID (the id on the General Information page of the Discord developer portal)');
  if (!/^\d{17,20}$/.test(applicationId)) return usage(io, `"${applicationId}" is not an application id: it is a number of 17 to 20 digits`);
  const guildId = flags.guild ?? config.discord.guildId;
  const width = Math.max(...BOT_PERMISSIONS.map((p) => p.name.length));
  io.out(
    [
      inviteUrl(applicationId, guildId),
      '',
      `Open it as a server admin to add the bot. Scopes: bot, applications.commands. Permissions (${botPermissions()}):`,
      ...BOT_PERMISSIONS.map((p) => `  ${p.name.padEnd(width)}  ${p.why}`),
      `Gateway intents: ${BOT_INTENTS.map((i) => i.name).join(', ')} (none privileged: nothing to switch on in the portal).`,
      '',
    ].join('\n'),
  );
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.err(`opsbridge discord: ${problem}\n${USAGE}\n`);
  return 2;
}
