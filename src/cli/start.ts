/**
 * `opsbridge start` (= `npm start`): every adapter whose tokens are configured, plus the HTTP
 * server on PORT. With no tokens: the console on a TTY, otherwise HTTP only and a hint.
 * SIGTERM/SIGINT: stop taking commands, let in-flight work finish (bounded), mark what is still
 * executing as interrupted, kill leftover step processes, close adapters and store, exit 0.
 */
import { parseArgs } from 'node:util';
import { createBot } from '../core/bot.js';
import { installProcessGuards } from '../core/process-guards.js';
import { killAllSteps } from '../core/exec/run-step.js';
import { buildServices, loadCommandSpecs, readConfig } from '../main.js';
import { runConsole } from './console.js';
import { serveHttp } from './serve-http.js';
import { watchServiceRunbooks } from './watch-service-runbooks.js';
import { platformAdapters } from './start-adapters.js';
import { wireIntegrations } from './integrations.js';

const SHUTDOWN_GRACE_MS = 15_000;

export const USAGE = `usage: opsbridge start [--config FILE]
  Runs the bot: every chat adapter whose tokens are set, and the HTTP server on HOST:PORT
  (default 0.0.0.0:8080: /healthz, /readyz, /metrics, /status). With no tokens, on a terminal,
  it opens the console adapter. Configuration: docs/configuration.md. SIGTERM or Ctrl-C stops it.`;

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' } } });
  const config = await readConfig(process.env, values.config);
  const hasTokens = Boolean(config.slack.botToken || config.discord.token);
  if (!hasTokens && process.stdin.isTTY) {
    // The embedded default: the whole product in this terminal; the HTTP server runs beside it.
    return runConsole({ config, json: false, interactive: true, http: true });
  }

  const services = await buildServices(config, process.env);
  const log = services.logger;
  const commands = await loadCommandSpecs(config);
  const { adapters, routes } = await platformAdapters(config, commands, log, services.redactor);
  const bot = createBot({ services, adapters, commands });
  installProcessGuards({
    logger: log,
    onFatal: async () => {
      await killAllSteps();
      await bot.approvals.interruptOwn('opsbridge hit an internal error and stopped');
    },
  });
  const integrations = wireIntegrations(bot, services);
  // Bind first: an occupied PORT stops startup before any chat connection is opened.
  const { server: http, port } = await serveHttp(services, adapters, [...routes, ...integrations.routes]);
  await bot.start();
  await integrations.afterStart();
  const watcher = await watchServiceRunbooks(services);
  // Listen for SIGTERM before saying "started": a supervisor may stop the bot the moment it reads that line.
  const stopRequested = new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      log.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  });
  log.info({ port, adapters: adapters.map((a) => a.platform), store: services.store.location }, 'opsbridge started');
  if (adapters.length === 0) {
    log.warn(
      'no chat adapter configured: set SLACK_BOT_TOKEN + SLACK_APP_TOKEN (or SLACK_SIGNING_SECRET) for Slack, DISCORD_TOKEN + DISCORD_APPLICATION_ID for Discord, or run `opsbridge console` for a terminal channel',
    );
  }

  await stopRequested;

  await watcher?.close();
  const stopped = bot.stop();
  const graceful = await Promise.race([stopped.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), SHUTDOWN_GRACE_MS).unref())]);
  if (!graceful) {
    // Steps still running past the grace period: kill their process groups, then record them as
    // interrupted through the approval service (announced, run closed, lock released; a restart
    // never re-runs them).
    await killAllSteps();
    const interrupted = await bot.approvals.interruptOwn('opsbridge was shut down while it ran').catch((err) => {
      log.error({ err }, 'could not record interrupted steps');
      return 0;
    });
    log.warn({ interrupted }, 'shutdown grace period over; interrupted running steps');
  }
  await http.close();
  await integrations.stop();
  await services.store.close();
  log.info('stopped');
  await services.errorReporter?.close();
  return 0;
}
