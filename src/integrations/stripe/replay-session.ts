/**
 * The one entry point the CLI and the chat command share: validate the request (no I/O), then
 * open a session that holds one SDK client, one rate bucket and the ledger for both the dry run
 * and the replay, so the dry run's listing counts against the same rate as the deliveries.
 */
import type Stripe from 'stripe';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../store/schema.js';
import { directDeliverer, requireWebhookSecret, stripeRetryDeliverer, type Deliverer } from './deliverers.js';
import { describeDestination, destinationKey, resolveDestination, type Destination } from './destination.js';
import { dryRun, type DryRunSummary } from './dry-run.js';
import { replayEvents, type ReplayProgress, type ReplayReport } from './replay.js';
import { ReplayLedger } from './replay-ledger.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';
import { requireSecretKey } from './secret-key.js';
import { describeTypeFilter, parseTypePatterns, type TypeFilter } from './type-filter.js';
import { parseWindow, type ReplayWindow } from './window.js';
import { OpsError } from '../../core/errors.js';

export type StripeConfig = Config['stripe'];

export interface ReplayRequest {
  since?: string;
  until?: string;
  type?: string | string[];
  endpoint?: string;
  mode?: string;
}

/** A validated request; JSON-serialisable (it is an approval payload). */
export interface ReplayPlan {
  window: ReplayWindow;
  filter: TypeFilter;
  destination: Destination;
  destinationKey: string;
}

export function planReplay(req: ReplayRequest, config: StripeConfig, now: number): ReplayPlan {
  // Every problem at once (window, types, destination, key, signing secret): fixing one only to
  // be told about the next is three round trips at 3 a.m.
  const problems: unknown[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      problems.push(err);
      return undefined;
    }
  };
  const window = attempt(() => parseWindow({ ...(req.since ? { since: req.since } : {}), ...(req.until ? { until: req.until } : {}) }, now));
  const filter = attempt(() => parseTypePatterns(req.type));
  const destination = attempt(() =>
    resolveDestination(
      { ...(req.mode ? { mode: req.mode } : {}), ...(req.endpoint ? { endpoint: req.endpoint } : {}) },
      { ...(config.endpoint ? { endpoint: config.endpoint } : {}), ...(config.directUrl ? { directUrl: config.directUrl } : {}) },
    ),
  );
  // Fail before any request: the key, and for direct mode the signing secret.
  attempt(() => requireSecretKey(config.secretKey));
  if (destination?.mode === 'direct') attempt(() => requireWebhookSecret(config.webhookSecret));
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) {
    const lines = problems.map((p) => `• ${(p as Error).message}`);
    throw new OpsError('STRIPE_REPLAY_INCOMPLETE', `The replay cannot start yet; ${problems.length} things need fixing:\n${lines.join('\n')}`, { cause: problems[0] });
  }
  return { window: window!, filter: filter!, destination: destination!, destinationKey: destinationKey(destination!) };
}

export function describePlan(plan: ReplayPlan): { window: string; types: string; destination: string } {
  const t = (s: number) => new Date(s * 1000).toISOString();
  return { window: `${t(plan.window.since)} → ${t(plan.window.until)}`, types: describeTypeFilter(plan.filter), destination: describeDestination(plan.destination) };
}

export interface SessionDeps {
  config: StripeConfig;
  db: Db;
  clock: Clock;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
}

export interface ReplaySession {
  dryRun(): Promise<DryRunSummary>;
  run(opts?: { expectedTotal?: number; onProgress?: (p: ReplayProgress) => void; progressIntervalMs?: number }): Promise<ReplayReport>;
}

export function openReplaySession(plan: ReplayPlan, deps: SessionDeps): ReplaySession {
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const ledger = new ReplayLedger(deps.db, deps.clock);
  // The Stripe SDK is loaded when a session first talks to Stripe, not when the bot starts.
  let parts: Promise<{ stripe: Stripe; deliverer: Deliverer }> | undefined;
  const connect = () =>
    (parts ??= import('./client.js').then(({ createStripeClient }) => {
      const { stripe, bucket } = createStripeClient({
        secretKey: deps.config.secretKey,
        ...(deps.config.apiUrl ? { apiUrl: deps.config.apiUrl } : {}),
        rate: deps.config.rate,
        clock: deps.clock,
        retry,
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      const d = plan.destination;
      const deliverer: Deliverer =
        d.mode === 'stripe'
          ? stripeRetryDeliverer(stripe, d.endpoint)
          : directDeliverer({ url: d.url, secret: deps.config.webhookSecret, stripe, fetch: deps.fetch ?? fetch, bucket, clock: deps.clock, retry });
      return { stripe, deliverer };
    }));
  return {
    dryRun: async () => {
      const { stripe } = await connect();
      return dryRun({ stripe, ledger, destination: plan.destinationKey, window: plan.window, filter: plan.filter, rate: deps.config.rate });
    },
    run: async (opts = {}) => {
      const { stripe, deliverer } = await connect();
      return replayEvents({
        stripe,
        deliverer,
        destination: plan.destinationKey,
        ledger,
        window: plan.window,
        filter: plan.filter,
        concurrency: deps.config.concurrency,
        clock: deps.clock,
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...opts,
      });
    },
  };
}
