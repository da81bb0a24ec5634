/**
 * Everything a command or executor may use, passed in once at start (no globals), so tests
 * build the real core with fakes for I/O: a ManualClock, a temp SQLite store, fake HTTP servers.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Metrics } from '../http/metrics.js';
import type { Store } from '../store/types.js';
import type { AuditLog } from './audit/types.js';
import type { Clock } from './clock.js';
import type { StepRunner } from './exec/types.js';
import type { Redactor } from './redact/types.js';
import type { IncidentDesk } from './incidents/incident-desk.js';
import type { IncidentService } from './incidents/incident-service.js';
import type { ReloadReport } from './runbook/live-catalog.js';
import type { LoadProblem } from './runbook/load-runbooks.js';
import type { Runbook } from './runbook/model.js';

export interface RunbookCatalog {
  all(): Runbook[];
  get(id: string): Runbook | undefined;
  /** the running bot's catalog reloads from disk (`/runbooks reload`, the directory watcher) */
  reload?(): Promise<ReloadReport>;
  /** broken edits (last good version kept) and every other problem of the files on disk */
  problems?(): { kept: ReloadReport['kept']; problems: LoadProblem[] };
}

export interface Services {
  config: Config;
  store: Store;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  runner: StepRunner;
  redactor: Redactor;
  runbooks: RunbookCatalog;
  fetch: typeof fetch;
  /** identifies this process among replicas sharing PostgreSQL */
  replicaId: string;
  /** environment the bot itself was started with (for secrets to redact, step env allowlist) */
  env: Record<string, string | undefined>;
  /** Prometheus counters; absent in tests that do not look at them */
  metrics?: Metrics;
  /** SENTRY_DSN's reporter: start and console close it (sending what is queued) on shutdown */
  errorReporter?: { close(timeoutMs?: number): Promise<void> };
  /** incidents (declare, status, roles, timeline); set by createBot, which also taps `audit` so the timeline follows it */
  incidents?: IncidentService;
  /** paging on demand (`/incident page`), set when integrations are wired; says what it did */
  paging?: { page(incidentRefOrId: string, reason: string): Promise<string> };
  /** incidents in chat: declare with a channel, summary, reminders; set by createBot */
  incidentDesk?: IncidentDesk;
}
