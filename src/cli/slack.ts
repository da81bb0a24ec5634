/**
 * `opsbridge slack manifest [--commands DIR] [--config FILE] [--name NAME] [--request-url URL]`:
 * prints the Slack app manifest (YAML) built from the command specs in commands/, so the app's
 * slash commands always match the bot's. Default is a Socket Mode app; with --request-url
 * (the bot's public base URL) it is an HTTP-mode app pointing at <url>/slack/events.
 * Needs no Slack token. Exit 0 on success, 2 on bad usage.
 */
import path from 'node:path';

import { stringify } from 'yaml';

import { buildManifest } from '../adapters/slack/manifest.js';
import { readConfig } from '../config/read-config.js';
import { loadCommands } from '../core/commands/load-commands.js';
import { parseFlags, processIo, type CliIo } from './cli-io.js';

export const USAGE = 'usage: opsbridge slack manifest [--commands DIR] [--config FILE] [--name NAME] [--request-url URL]';

export type { CliIo };

export function run(argv: string[]): Promise<number> {
  return runSlackCli(argv, processIo());
}

export async function runSlackCli(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'manifest') {
    io.err(`${sub ? `opsbridge slack: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const parsed = parseFlags(rest, {
    commands: { type: 'string' },
    config: { type: 'string' },
    name: { type: 'string' },
    'request-url': { type: 'string' },
  });
  if ('problem' in parsed) return usage(io, parsed.problem);
  const flags = parsed.values;
  if (flags['request-url'] && !/^https?:\/\//.test(flags['request-url'])) return usage(io, '--request-url must be an http(s) URL');

  const config = await readConfig(io.env, flags.config, io.cwd);
  const commands = await loadCommands(path.resolve(io.cwd, flags.commands ?? config.commandsDir));
  const manifest = buildManifest({
    commands,
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags['request-url'] ? { requestUrl: flags['request-url'] } : {}),
  });
  io.out(stringify(manifest, { lineWidth: 0 }));
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.err(`opsbridge slack: ${problem}\n${USAGE}\n`);
  return 2;
}
