/**
 * `opsbridge slack manifest [--commands DIR] [--config FILE] [--name NAME] [--request-url URL]`:
 * prints the Slack app manifest (YAML) built from the command specs in commands/, so the app's
 * slash commands always match the bot's. Default is a Socket Mode app; with --request-url
 * (the bot's public base URL) it is an HTTP-mode app pointing at <url>/slack/events.
 * Needs no Slack token. Exit 0 on success, 2 on bad usage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { stringify } from 'yaml';

import { buildManifest } from '../adapters/slack/manifest.js';
import { loadConfig } from '../config/load-config.js';
import { loadCommands } from '../core/commands/load-commands.js';
import { OpsError } from '../core/errors.js';

const USAGE = 'usage: opsbridge slack manifest [--commands DIR] [--config FILE] [--name NAME] [--request-url URL]';

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  out(text: string): void;
  err(text: string): void;
}

export function run(argv: string[]): Promise<number> {
  return runSlackCli(argv, { env: process.env, cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
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
  const flags: Partial<Record<'commands' | 'config' | 'name' | 'request-url', string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!['--commands', '--config', '--name', '--request-url'].includes(name)) return usage(io, `unknown option "${arg}"`);
    const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
    if (!value) return usage(io, `${name} needs a value`);
    flags[name.slice(2) as keyof typeof flags] = value;
  }
  if (flags['request-url'] && !/^https?:\/\//.test(flags['request-url'])) return usage(io, '--request-url must be an http(s) URL');

  let fileText: string | undefined;
  if (flags.config) {
    try {
      fileText = await readFile(path.resolve(io.cwd, flags.config), 'utf8');
    } catch (err) {
      throw new OpsError('CONFIG_INVALID', `cannot read config file ${flags.config}: ${(err as Error).message}`, { cause: err });
    }
  }
  const config = loadConfig(io.env, fileText, flags.config);
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
