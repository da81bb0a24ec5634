/**
 * `opsbridge <command> [...]`. Each subcommand lives in src/cli/<name>.ts and exports
 * `run(argv): Promise<number>` (the exit code); it is loaded only when asked for,
 * so `opsbridge lint` never loads a chat SDK.
 */
import { isOpsError } from './core/errors.js';

type SubcommandModule = { run(argv: string[]): Promise<number> };

const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<SubcommandModule> }> = {
  start: { summary: 'run the bot: configured adapters + HTTP server (npm start)', load: () => import('./cli/start.js') },
  console: { summary: 'an incident channel in this terminal (scriptable on stdin, --json)', load: () => import('./cli/console.js') },
  lint: { summary: 'lint runbooks: PATH... [--json] [--strict]', load: () => import('./cli/lint.js') },
  audit: { summary: 'audit verify: check the hash chain of the audit log', load: () => import('./cli/audit.js') },
  slack: { summary: 'slack manifest: print the Slack app manifest', load: () => import('./cli/slack.js') },
  discord: { summary: 'discord register [--guild ID]: register slash commands', load: () => import('./cli/discord.js') },
  stripe: { summary: 'stripe replay --since 2h ...: replay failed webhook deliveries', load: () => import('./cli/stripe.js') },
};

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
    process.exitCode = await mod.run(rest);
  } catch (err) {
    // Coded errors are the user's to fix: show the message, not a stack.
    if (isOpsError(err)) process.stderr.write(`opsbridge ${name}: ${err.message}\n`);
    else process.stderr.write(`opsbridge ${name}: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  }
}
