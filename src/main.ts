/**
 * Wiring only: config → store → runbooks/commands → services. The CLI subcommands (start,
 * console) call these and add their adapters.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { createAuditLog } from './core/audit/audit-log.js';
import { buildId } from './core/build-info.js';
import { redactingAuditLog } from './core/audit/redacting-audit.js';
import { systemClock, type Clock } from './core/clock.js';
import { loadCommands } from './core/commands/load-commands.js';
import type { CommandSpec } from './core/commands/define-command.js';
import { redactorFor } from './config/config-redactor.js';
import { createStepRunner } from './core/exec/run-step.js';
import { createLogger } from './core/logger.js';
import { useRunbookCache } from './core/runbook/runbook-cache.js';
import { LiveCatalog } from './core/runbook/live-catalog.js';
import { loadRunbooks } from './core/runbook/load-runbooks.js';
import type { ParseOptions } from './core/runbook/parse-runbook.js';
import type { Runbook } from './core/runbook/model.js';
import type { RunbookCatalog, Services } from './core/services.js';
import { startErrorReporting } from './integrations/error-reporting/sentry-reporter.js';
import { openStore } from './store/open-store.js';

type Env = Record<string, string | undefined>;
export { readConfig } from './config/read-config.js';
export { redactorFor } from './config/config-redactor.js';

export function catalog(runbooks: Runbook[]): RunbookCatalog {
  const byId = new Map(runbooks.map((r) => [r.id, r]));
  return { all: () => runbooks, get: (id) => byId.get(id) };
}

/**
 * Loads runbooks into a catalog that can reload from disk (src/core/runbook/live-catalog.ts);
 * problems are logged, not fatal: a lint error must not take the bot down mid-incident.
 */
export async function loadRunbookCatalog(dir: string, logger: Logger, opts: ParseOptions = {}): Promise<LiveCatalog> {
  const live = new LiveCatalog(dir, (paths) => loadRunbooks(paths, opts));
  const { problems, loaded } = await live.reload();
  for (const p of problems) logger[p.severity === 'error' ? 'error' : 'warn']({ file: p.file, line: p.line }, `runbook: ${p.message}`);
  logger.info({ dir, runbooks: loaded }, 'runbooks loaded');
  return live;
}

export interface BuildOptions {
  clock?: Clock;
  fetch?: typeof fetch;
  logger?: Logger;
  /** where logs go: stderr when stdout carries console output */
  logDestination?: NodeJS.WritableStream;
  /** false when nothing serves /metrics (the scripted console): prom-client is then never loaded */
  metrics?: boolean;
}

export async function buildServices(config: Config, env: Env, opts: BuildOptions = {}): Promise<Services> {
  const redactor = redactorFor(config, env);
  const destination = opts.logDestination ?? process.stdout;
  // SENTRY_DSN: the bot's own errors (uncaught, and every error it logs) go to Sentry, redacted.
  const errorReporter = env.SENTRY_DSN ? await startErrorReporting({ dsn: env.SENTRY_DSN, redactor, environment: config.env }) : undefined;
  const logger =
    opts.logger ??
    createLogger({
      level: config.logLevel,
      pretty: Boolean((destination as { isTTY?: boolean }).isTTY) && config.env !== 'production',
      redactor,
      destination,
      ...(errorReporter ? { onErrorLine: (line: string) => errorReporter.captureLogLine(line) } : {}),
    });
  for (const source of redactor.registry.unmaskable()) {
    logger.warn({ source }, `the secret in ${source} is shorter than 6 characters, too short to mask without masking ordinary words: use a longer one`);
  }
  const clock = opts.clock ?? systemClock;
  const store = await openStore({ dataDir: path.resolve(config.dataDir), databaseUrl: config.databaseUrl, logger, redactor });
  const build = buildId();
  if (build) useRunbookCache(path.join(path.resolve(config.dataDir), 'cache', 'runbooks.v8'), build);
  const runbooks = await loadRunbookCatalog(path.resolve(config.runbooksDir), logger, { readDirs: config.exec.readDirs });
  return {
    config,
    store,
    ...(errorReporter ? { errorReporter } : {}),
    audit: redactingAuditLog(createAuditLog(store.db, clock), redactor),
    clock,
    logger,
    runner: createStepRunner({ redactor, maxOutputBytes: config.exec.maxOutputBytes }),
    redactor,
    runbooks,
    fetch: opts.fetch ?? globalThis.fetch,
    replicaId: `${process.pid}-${randomBytes(3).toString('hex')}`,
    env,
    metrics: opts.metrics === false ? undefined : (await import('./http/metrics.js')).createMetrics(),
  };
}

export async function loadCommandSpecs(config: Config): Promise<CommandSpec[]> {
  return loadCommands(path.resolve(config.commandsDir));
}
