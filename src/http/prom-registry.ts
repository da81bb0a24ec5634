/**
 * The bot's Prometheus registry, built with prom-client. Loaded by metrics.ts on the first scrape
 * only: prom-client (with @opentelemetry/api, which it requires) costs more start-up time than
 * anything else the bot loads before it is ready.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { IncidentCounts } from './metrics.js';

export interface PromMetrics {
  registry: Registry;
  commands: Counter<'command' | 'outcome'>;
  approvals: Counter<'outcome'>;
  stepDuration: Histogram<'safety' | 'outcome'>;
  incidentResolve: Histogram<'severity'>;
}

const SEVERITIES = ['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4'];

export function createPromMetrics(opts: { defaultMetrics: boolean; counts: () => (() => Promise<IncidentCounts>) | undefined }): PromMetrics {
  const registry = new Registry();
  // Process metrics (memory, event-loop lag, fds) are what an operator looks at first.
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'opsbridge_' });
  const commands = new Counter({
    name: 'opsbridge_commands_total',
    help: 'Commands dispatched, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const approvals = new Counter({
    name: 'opsbridge_approvals_total',
    help: 'Approval requests by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const stepDuration = new Histogram({
    name: 'opsbridge_step_duration_seconds',
    help: 'Runbook step duration in seconds, by safety class and outcome',
    labelNames: ['safety', 'outcome'] as const,
    // Diagnostics take milliseconds to a minute; recovery steps up to several minutes.
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  new Gauge({
    name: 'opsbridge_incidents_open',
    help: 'Open incidents (investigating, identified, monitoring), by severity',
    labelNames: ['severity'] as const,
    registers: [registry],
    async collect() {
      const counts = opts.counts();
      const c = counts ? await counts() : undefined;
      for (const severity of SEVERITIES) this.set({ severity }, c?.open[severity] ?? 0);
    },
  });
  new Counter({
    name: 'opsbridge_incidents_total',
    help: 'Incidents declared, by severity',
    labelNames: ['severity'] as const,
    registers: [registry],
    async collect() {
      const counts = opts.counts();
      const c = counts ? await counts() : undefined;
      this.reset();
      for (const severity of SEVERITIES) this.inc({ severity }, c?.total[severity] ?? 0);
    },
  });
  const incidentResolve = new Histogram({
    name: 'opsbridge_incident_resolve_seconds',
    help: 'Time from declaring an incident to resolving it, in seconds, by severity',
    labelNames: ['severity'] as const,
    // Minutes to a day.
    buckets: [60, 300, 600, 1800, 3600, 7200, 14_400, 28_800, 86_400],
    registers: [registry],
  });
  return { registry, commands, approvals, stepDuration, incidentResolve };
}
