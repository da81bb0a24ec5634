/**
 * Builds the real core for tests: real SQLite store in a temp dir, real step runner and
 * redactor, a console adapter whose output is collected (Hubot's DummyAdapter idea), and an
 * injectable clock and fetch. Push lines in with `say`, read posts out with `events`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { fileURLToPath } from 'node:url';
import { ConsoleAdapter, type ConsoleEvent } from '../../src/adapters/console/console-adapter.js';
import { consoleIdAllocator } from '../../src/adapters/console/first-id.js';
import { consoleChannelNames, consoleMessageLocator, consoleUserFinder } from '../../src/adapters/console/known-state.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { createAuditLog } from '../../src/core/audit/audit-log.js';
import { redactingAuditLog } from '../../src/core/audit/redacting-audit.js';
import { createBot, type CoreBot } from '../../src/core/bot.js';
import type { ChatAdapter } from '../../src/core/chat.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import type { CommandSpec } from '../../src/core/commands/define-command.js';
import { loadCommands } from '../../src/core/commands/load-commands.js';
import { createStepRunner } from '../../src/core/exec/run-step.js';
import { renderPlainText } from '../../src/core/message.js';
import { loadRunbooks } from '../../src/core/runbook/load-runbooks.js';
import { parseRunbook } from '../../src/core/runbook/parse-runbook.js';
import type { Services } from '../../src/core/services.js';
import { createMetrics } from '../../src/http/metrics.js';
import { catalog, redactorFor } from '../../src/main.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const silentLogger = pino({ level: 'silent' });

export interface TestServicesOptions {
  /** runbooks as { 'file.md': markdown } or a directory */
  runbooks?: Record<string, string> | string;
  /** config as a YAML/JSON text, plus env overrides */
  configText?: string;
  env?: Record<string, string>;
  clock?: Clock;
  fetch?: typeof fetch;
  store?: Store;
  dataDir?: string;
}

export async function buildTestServices(opts: TestServicesOptions = {}): Promise<Services & { dataDir: string; cleanup(): Promise<void> }> {
  const dataDir = opts.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'opsbridge-test-')));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dataDir, ...opts.env };
  const config: Config = loadConfig({ ...env, OPSBRIDGE_DATA_DIR: dataDir }, opts.configText);
  const redactor = redactorFor(config, env);
  const clock = opts.clock ?? systemClock;
  const store = opts.store ?? (await openStore({ dataDir, redactor }));
  let runbooks;
  if (typeof opts.runbooks === 'string') runbooks = (await loadRunbooks([opts.runbooks])).runbooks;
  else runbooks = Object.entries(opts.runbooks ?? {}).map(([file, text]) => parseRunbook(text, file));
  return {
    config,
    store,
    audit: redactingAuditLog(createAuditLog(store.db, clock), redactor),
    clock,
    logger: silentLogger,
    runner: createStepRunner({ redactor, maxOutputBytes: config.exec.maxOutputBytes }),
    redactor,
    runbooks: catalog(runbooks),
    fetch: opts.fetch ?? globalThis.fetch,
    replicaId: `test-${Math.random().toString(16).slice(2, 8)}`,
    env,
    metrics: createMetrics({ defaultMetrics: false }),
    dataDir,
    async cleanup() {
      await store.close().catch(() => undefined);
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestBot {
  services: Awaited<ReturnType<typeof buildTestServices>>;
  bot: CoreBot;
  adapter: ConsoleAdapter;
  events: ConsoleEvent[];
  /** one console line, handled to completion (as the scripted console does) */
  say(line: string): Promise<void>;
  /** latest rendering of every message id, as plain text */
  text(id: string): string;
  notices(user?: string): string[];
  /** message ids of approval requests, in order */
  approvals(): { id: string; state: string; step: number }[];
  close(): Promise<void>;
}

export async function startTestBot(opts: TestServicesOptions & { commands?: CommandSpec[]; extraAdapters?: ChatAdapter[]; idPrefix?: string } = {}): Promise<TestBot> {
  const services = await buildTestServices(opts);
  const events: ConsoleEvent[] = [];
  const adapter = new ConsoleAdapter({
    channel: services.config.console.channel,
    users: services.config.console.users,
    defaultUser: services.config.console.defaultUser,
    sink: (e) => events.push(e),
    redactor: services.redactor,
    idPrefix: opts.idPrefix,
    nextId: await consoleIdAllocator(services.store.db, opts.idPrefix),
    knownChannels: await consoleChannelNames(services.store.db),
    locate: consoleMessageLocator(services.store.db),
    knownUser: consoleUserFinder(services.store.db),
    approval: services.config.approval,
  });
  const commands = opts.commands ?? (await loadCommands(path.join(ROOT, 'commands')));
  const bot = createBot({ services, adapters: [adapter, ...(opts.extraAdapters ?? [])], commands });
  await bot.start();
  const latest = () => {
    const m = new Map<string, ConsoleEvent & { type: 'post' | 'update' }>();
    for (const e of events) if (e.type === 'post' || e.type === 'update') m.set(e.id, e);
    return m;
  };
  return {
    services,
    bot,
    adapter,
    events,
    async say(line) {
      await adapter.input(line);
      await bot.idle();
    },
    text(id) {
      const e = latest().get(id);
      return e ? renderPlainText(e.message) : '';
    },
    notices(user) {
      return events.filter((e): e is ConsoleEvent & { type: 'notice' } => e.type === 'notice' && (!user || e.user === user)).map((e) => e.text);
    },
    approvals() {
      return [...latest().values()].filter((e) => e.message.approval).map((e) => ({ id: e.id, state: e.message.approval!.state, step: e.message.approval!.step }));
    },
    async close() {
      await bot.stop();
      await services.cleanup();
    },
  };
}

/**
 * Makes a channel (default: the console's own) an incident channel, without posting anything: for
 * tests about runs and approvals, where `/incident <runbook>` should run in place (as it does
 * inside an incident's channel) rather than declare a new incident with a channel of its own.
 */
export async function useAsIncidentChannel(t: TestBot, channel: { platform: string; id: string } = t.adapter.channel, title = 'Test incident'): Promise<void> {
  const incidents = t.bot.incidents;
  const inc = await incidents.declare({ title, actor: { platform: channel.platform, id: 'U0TEST', name: 'test' }, platform: channel.platform, originChannelId: channel.id });
  await incidents.setChannel(inc.id, { id: channel.id, name: channel.id, thread: null });
}
