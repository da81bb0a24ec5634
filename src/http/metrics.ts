/**
 * The bot's Prometheus metrics. One registry per bot (not prom-client's global one), so tests
 * and several bots in one process never collide. The core increments these; /metrics serves them.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** every dispatched command, by name and outcome (ok | error | denied | invalid | rate_limited) */
  commands: Counter<'command' | 'outcome'>;
  /** approval requests by final outcome (approved | rejected | expired | succeeded | failed | interrupted) */
  approvals: Counter<'outcome'>;
  /** runbook step durations in seconds, by safety class and outcome */
  stepDuration: Histogram<'safety' | 'outcome'>;
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Process metrics (memory, event-loop lag, fds) are what an operator looks at first.
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'opsbridge_' });
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
  return { registry, commands, approvals, stepDuration };
}
