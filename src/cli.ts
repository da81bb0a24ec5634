/**
 * `opsbridge <command> [...]`. Each subcommand lives in src/cli/<name>.ts and exports
 * `run(argv): Promise<number>` (the exit code); it is loaded only when asked for,
 * so `opsbridge lint` never loads a chat SDK.
 */
import { isOpsError } from './core/errors.js';

/** USAGE: the full usage text, printed for `--help`/`-h` anywhere in the arguments. */
type SubcommandModule = { run(argv: string[]): Promise<number>; USAGE?: string };

const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<SubcommandModule> }> = {
  start: { summary: 'run the bot: configured adapters + HTTP server (npm start)', load: () => import('./cli/start.js') },
  console: { summary: 'an incident channel in this terminal (scriptable on stdin, --json)', load: () => import('./cli/console.js') },
  lint: { summary: 'lint runbooks: PATH... [--json] [--strict]', load: () => import('./cli/lint.js') },
  audit: { summary: 'audit verify: check the hash chain of the audit log', load: () => import('./cli/audit.js') },
  incident: { summary: 'incident list|show|export: incidents, their timelines and postmortems', load: () => import('./cli/incident.js') },
  slack: { summary: 'slack manifest: print the Slack app manifest', load: () => import('./cli/slack.js') },
  discord: { summary: 'discord register [--guild ID]: register slash commands', load: () => import('./cli/discord.js') },
  stripe: { summary: 'stripe replay --since 2h ...: replay failed webhook deliveries', load: () => import('./cli/stripe.js') },
  alerts: { summary: 'alerts test <file.json>: post a saved alert payload to a running bot', load: () => import('./cli/alerts.js') },
};

export const SUBCOMMAND_NAMES = Object.keys(SUBCOMMANDS);

export function usage(): string {
  const width = Math.max(...Object.keys(SUBCOMMANDS).map((k) => k.length));
  return [
    'usage: opsbridge <command> [options]',
    '',
    ...Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(width)}  ${s.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    process.exitCode = name ? 0 : 2;
    return;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    process.stderr.write(`opsbridge: unknown command "${name}"\n\n${usage()}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const mod = await sub.load();
    if (wantsHelp(rest)) {
      process.stdout.write(`${(mod.USAGE ?? `usage: opsbridge ${name}  (${sub.summary})`).trimEnd()}\n`);
      process.exitCode = 0;
      return;
    }
    process.exitCode = await mod.run(rest);
  } catch (err) {
    if (isParseArgsError(err)) {
      // node:util parseArgs: a usage mistake, not a crash
      const mod = await sub.load();
      process.stderr.write(`opsbridge ${name}: ${(err as Error).message}\n${(mod.USAGE ?? `run opsbridge ${name} --help`).trimEnd()}\n`);
      process.exitCode = 2;
      return;
    }
    // Coded errors are the user's to fix: show the message, not a stack.
    if (isOpsError(err)) process.stderr.write(`opsbridge ${name}: ${err.message}\n`);
    else process.stderr.write(`opsbridge ${name}: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}

/** `--help` or `-h` before a `--` separator. */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function isParseArgsError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('ERR_PARSE_ARGS_');
}
