/**
 * Registers slash commands with one bulk overwrite (PUT), per guild (instant) or global.
 * Uses @discordjs/rest so rate limits are respected like every other call.
 */
import { REST, Routes } from 'discord.js';

import type { CommandSpec } from '../../core/commands/define-command.js';
import { OpsError, errorMessage } from '../../core/errors.js';
import { toDiscordCommand } from './command-definitions.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
  commands: CommandSpec[];
}

export async function registerCommands(opts: RegisterOptions): Promise<{ name: string; id: string }[]> {
  const body = opts.commands.map(toDiscordCommand);
  const rest = new REST(opts.apiUrl ? { api: opts.apiUrl } : {}).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  try {
    const saved = (await rest.put(route, { body })) as { name: string; id: string }[];
    return saved.map((c) => ({ name: c.name, id: c.id }));
  } catch (err) {
    throw new OpsError('DISCORD_REGISTER_FAILED', `registering ${body.length} commands failed: ${errorMessage(err)}`, { cause: err });
  }
}
