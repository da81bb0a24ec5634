/**
 * `opsbridge discord register [--guild ID] [--global] [--commands DIR] [--config FILE]`: registers
 * the slash commands from commands/ with one bulk overwrite. A guild registration (from --guild or
 * DISCORD_GUILD_ID) is instant; without one the commands are global. Needs DISCORD_TOKEN and
 * DISCORD_APPLICATION_ID. Exit 0 on success, 1 on failure, 2 on bad usage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { registerCommands } from '../adapters/discord/register-commands.js';
import { loadConfig } from '../config/load-config.js';
import { loadCommands } from '../core/commands/load-commands.js';
import { OpsError } from '../core/errors.js';

const USAGE = 'usage: opsbridge discord register [--guild ID | --global] [--commands DIR] [--config FILE]';

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export function run(argv: string[]): Promise<number> {
  return runDiscordCli(argv, {
    env: process.env,
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}

export async function runDiscordCli(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'register') {
    io.err(`${sub ? `opsbridge discord: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const flags: { guild?: string; global?: boolean; commands?: string; config?: string } = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? rest[++i];
    if (name === '--global') flags.global = true;
    else if (name === '--guild' || name === '--commands' || name === '--config') {
      const v = value();
      if (!v) return usage(io, `${name} needs a value`);
      flags[name.slice(2) as 'guild' | 'commands' | 'config'] = v;
    } else return usage(io, `unknown option "${arg}"`);
  }
  if (flags.global && flags.guild) return usage(io, '--guild and --global exclude each other');

  let fileText: string | undefined;
  if (flags.config) {
    try {
      fileText = await readFile(path.resolve(io.cwd, flags.config), 'utf8');
    } catch (err) {
      throw new OpsError('CONFIG_INVALID', `cannot read config file ${flags.config}: ${(err as Error).message}`, { cause: err });
    }
  }
  const config = loadConfig(io.env, fileText, flags.config);
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

function usage(io: CliIo, problem: string): number {
  io.err(`opsbridge discord: ${problem}\n${USAGE}\n`);
  return 2;
}
