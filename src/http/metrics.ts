/**
 * The bot's Prometheus metrics. One registry per bot (not prom-client's global one), so tests
 * and several bots in one process never collide. The core increments these; /metrics serves them.
 *
 * prom-client itself (prom-registry.ts) loads on the first scrape, not at start: it is the
 * costliest library the bot would otherwise load before /readyz can answer. Until then, what the
 * core records is kept in order (bounded) and replayed into the registry when it loads, so no
 * count is lost. Process metrics (memory, event-loop lag) start with that first scrape.
 */
import type { PromMetrics } from './prom-registry.js';

type Labels<L extends string> = Partial<Record<L, string | number>>;

export interface CounterLike<L extends string> {
  inc(labels: Labels<L>, value?: number): void;
}

export interface HistogramLike<L extends string> {
  observe(labels: Labels<L>, value: number): void;
}

/** What /metrics serves: the Prometheus text format (prom-client's Registry is one). */
export interface Exposition {
  metrics(): Promise<string>;
  readonly contentType: string;
}

export interface Metrics {
  registry: Exposition;
  /** every dispatched command, by name and outcome (ok | error | denied | invalid | rate_limited) */
  commands: CounterLike<'command' | 'outcome'>;
  /** approval requests by final outcome (approved | rejected | expired | succeeded | failed | interrupted) */
  approvals: CounterLike<'outcome'>;
  /** runbook step durations in seconds, by safety class and outcome */
  stepDuration: HistogramLike<'safety' | 'outcome'>;
  /** seconds from declared to resolved, by severity */
  incidentResolve: HistogramLike<'severity'>;
  /** where the incident gauges read from (the store, shared by replicas); set by the bot */
  setIncidentCounts(source: () => Promise<IncidentCounts>): void;
}

/** by severity: open now, and declared ever (from the store, so every replica reports the same) */
export interface IncidentCounts {
  open: Record<string, number>;
  total: Record<string, number>;
}

/** Records kept before the first scrape; far more than a bot makes in the seconds before one. */
const MAX_PENDING = 10_000;

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  let counts: (() => Promise<IncidentCounts>) | undefined;
  let loaded: PromMetrics | undefined;
  let loading: Promise<PromMetrics> | undefined;
  const pending: ((m: PromMetrics) => void)[] = [];

  const load = (): Promise<PromMetrics> =>
    (loading ??= import('./prom-registry.js').then(({ createPromMetrics }) => {
      const m = createPromMetrics({ defaultMetrics: opts.defaultMetrics !== false, counts: () => counts });
      for (const record of pending.splice(0)) record(m);
      loaded = m;
      return m;
    }));
  const record = (fn: (m: PromMetrics) => void): void => {
    if (loaded) return fn(loaded);
    if (pending.length >= MAX_PENDING) pending.shift();
    pending.push(fn);
  };

  return {
    registry: {
      metrics: async () => (await load()).registry.metrics(),
      get contentType() {
        return loaded?.registry.contentType ?? 'text/plain; version=0.0.4; charset=utf-8';
      },
    },
    commands: { inc: (labels, value) => record((m) => m.commands.inc(labels, value)) },
    approvals: { inc: (labels, value) => record((m) => m.approvals.inc(labels, value)) },
    stepDuration: { observe: (labels, value) => record((m) => m.stepDuration.observe(labels, value)) },
    incidentResolve: { observe: (labels, value) => record((m) => m.incidentResolve.observe(labels, value)) },
    setIncidentCounts: (fn) => void (counts = fn),
  };
}
