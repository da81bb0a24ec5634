/**
 * `opsbridge console [--runbooks DIR] [--commands DIR] [--config FILE] [--json]`
 * A terminal incident channel. On a TTY: a prompt with colours. Otherwise: reads stdin line by
 * line (each line handled to completion before the next, so scripts are deterministic) and exits at EOF.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConsoleAdapter, type ConsoleEvent } from '../adapters/console/console-adapter.js';
import { ConsoleText, toJsonLine } from '../adapters/console/render-console.js';
import { consoleIdAllocator } from '../adapters/console/first-id.js';
import { consoleChannelNames, consoleMessageLocator, consoleUserFinder } from '../adapters/console/known-state.js';
import { createBot } from '../core/bot.js';
import { killAllSteps } from '../core/exec/step-registry.js';
import { installProcessGuards } from '../core/process-guards.js';
import { redactDeep } from '../core/redact/redact-deep.js';
import { buildServices, loadCommandSpecs, readConfig } from '../main.js';
import { serveHttp } from './serve-http.js';
import { watchServiceRunbooks } from './watch-service-runbooks.js';
import { wireIntegrations } from './integrations.js';

export const USAGE = `usage: opsbridge console [--runbooks DIR] [--commands DIR] [--config FILE] [--json]
  An incident channel in this terminal, with users from console.users (alice, bob, carol).
  Type /help for the commands, :help for the console's own (:as, :react, :press, :quit).
  Not a terminal: reads one command per line from stdin, exits at EOF; --json prints one
  JSON object per post, edit and private notice.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runbooks: { type: 'string' },
      commands: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const config = await readConfig(process.env, values.config);
  if (values.runbooks) config.runbooksDir = values.runbooks;
  if (values.commands) config.commandsDir = values.commands;
  const interactive = Boolean(process.stdin.isTTY) && !values.json;
  return runConsole({ config, json: values.json ?? false, interactive });
}

export async function runConsole(opts: { config: Awaited<ReturnType<typeof readConfig>>; json: boolean; interactive: boolean; http?: boolean }): Promise<number> {
  const { config, json, interactive } = opts;
  const colour = interactive && Boolean(process.stdout.isTTY);
  // The terminal is the channel: only warnings and errors from the log belong beside it.
  if (!process.env.LOG_LEVEL) config.logLevel = 'warn';
  // stdout carries the channel; logs go to stderr so `--json` output stays parseable.
  const serveHttpToo = Boolean(opts.http || process.env.PORT);
  const services = await buildServices(config, process.env, { logDestination: process.stderr, metrics: serveHttpToo });
  // every line on the terminal passes the redactor, errors and echoes included
  const text = new ConsoleText(colour, config.console.channel);
  const write = (event: ConsoleEvent) => {
    const clean = redactDeep(event, services.redactor);
    const line = json ? toJsonLine(clean) : text.render(clean);
    if (line !== undefined) process.stdout.write(line + '\n');
  };
  const commands = await loadCommandSpecs(config);
  const adapter = new ConsoleAdapter({
    channel: config.console.channel,
    users: config.console.users,
    defaultUser: config.console.defaultUser,
    sink: write,
    redactor: services.redactor,
    idPrefix: process.env.OPSBRIDGE_CONSOLE_ID_PREFIX,
    nextId: await consoleIdAllocator(services.store.db, process.env.OPSBRIDGE_CONSOLE_ID_PREFIX),
    knownChannels: await consoleChannelNames(services.store.db),
    locate: consoleMessageLocator(services.store.db),
    knownUser: consoleUserFinder(services.store.db),
    approval: config.approval,
  });
  const bot = createBot({ services, adapters: [adapter], commands });
  installProcessGuards({
    logger: services.logger,
    onFatal: async () => {
      await killAllSteps();
      await bot.approvals.interruptOwn('opsbridge hit an internal error and stopped');
    },
  });
  const integrations = wireIntegrations(bot, services);
  // `npm start` on a terminal, or PORT set: the console plus the same HTTP routes as `start`
  // (health, metrics, status page, alert webhooks), so a scripted console can receive alerts;
  // bound first so an occupied PORT stops startup before the console takes the terminal.
  const http = serveHttpToo ? await serveHttp(services, [adapter], integrations.routes) : undefined;
  await bot.start();
  await integrations.afterStart();
  const watcher = await watchServiceRunbooks(services);
  if (http) write({ type: 'info', text: `HTTP on http://127.0.0.1:${http.port} (/healthz, /readyz, /metrics, /status)` });
  if (interactive) write({ type: 'info', text: `opsbridge console: #${config.console.channel} (${services.runbooks.all().length} runbook${services.runbooks.all().length === 1 ? "" : "s"}). You are ${adapter.currentUser}.\n${adapter.help()}` });

  // readline draws the prompt and echoes what is typed only when it has an output stream
  const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive, prompt: interactive ? `${adapter.currentUser}> ` : '' });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    rl.close();
    await watcher?.close();
    await bot.stop();
    await http?.server.close();
    await integrations.stop();
    await services.store.close();
    await services.errorReporter?.close();
  };
  process.once('SIGTERM', () => void shutdown().then(() => process.exit(0)));
  if (interactive) rl.prompt();
  for await (const line of rl) {
    let more = true;
    try {
      more = await adapter.input(line);
      await bot.idle();
    } catch (err) {
      write({ type: 'error', text: (err as Error).message });
    }
    if (!more) break;
    if (interactive) {
      rl.setPrompt(`${adapter.currentUser}> `);
      rl.prompt();
    }
  }
  await bot.idle();
  await shutdown();
  return 0;
}
