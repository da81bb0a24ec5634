/**
 * The two ways to re-deliver one event. Both throw an OpsError on failure; the replay decides
 * whether that ends the run (fatal: bad key, unknown endpoint) or is recorded for this event.
 */
import type Stripe from 'stripe';
import type { Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import { retryAfterMs, type RetryPolicy } from './retry-policy.js';
import type { ListedEvent } from './list-failed-events.js';
import { sleep } from './sleep.js';
import { toStripeOpsError } from './stripe-errors.js';
import type { TokenBucket } from './token-bucket.js';

export interface Deliverer {
  /** the full event body is needed (direct mode): listing keeps it */
  readonly needsBody: boolean;
  deliver(event: ListedEvent, signal?: AbortSignal): Promise<void>;
}

/**
 * Stripe resends the event to the endpoint (what the Stripe CLI's `events resend` does).
 * The idempotency key makes a resend after a crash — between Stripe's answer and our ledger
 * write — come back from Stripe's idempotency cache instead of delivering twice.
 */
export function stripeRetryDeliverer(stripe: Stripe, endpoint: string): Deliverer {
  return {
    needsBody: false,
    async deliver(event) {
      try {
        await stripe.rawRequest(
          'POST',
          `/v1/events/${encodeURIComponent(event.id)}/retry`,
          { webhook_endpoint: endpoint },
          { idempotencyKey: `replay:${endpoint}:${event.id}` },
        );
      } catch (err) {
        throw toStripeOpsError(err, `resending ${event.id}`);
      }
    },
  };
}

export interface DirectOptions {
  url: string;
  /** the endpoint's signing secret (whsec_...) the receiving app verifies with */
  secret: string | undefined;
  /** used only for its webhooks helper (signing exactly as Stripe does) */
  stripe: Stripe;
  fetch: typeof fetch;
  bucket: TokenBucket;
  clock: Clock;
  retry: RetryPolicy;
}

/** POST the event JSON to the app, signed `Stripe-Signature: t=...,v1=...` like Stripe's own deliveries. */
export function requireWebhookSecret(secret: string | undefined): string {
  if (!secret) {
    throw new OpsError(
      'STRIPE_WEBHOOK_SECRET_MISSING',
      "direct mode signs each event: set STRIPE_WEBHOOK_SECRET to the receiving endpoint's signing secret (whsec_...)",
    );
  }
  return secret;
}

export function directDeliverer(opts: DirectOptions): Deliverer {
  const secret = requireWebhookSecret(opts.secret);
  return {
    needsBody: true,
    async deliver(event, signal) {
      if (!event.raw) throw new OpsError('STRIPE_REPLAY_INTERNAL', `event ${event.id} was listed without its body`);
      // Stripe sends pretty-printed JSON; the signature covers these exact bytes.
      const payload = JSON.stringify(event.raw, null, 2);
      let failures = 0;
      let throttles = 0;
      for (;;) {
        await opts.bucket.acquire(signal);
        const header = opts.stripe.webhooks.generateTestHeaderString({
          payload,
          secret,
          timestamp: Math.floor(opts.clock.now() / 1000),
        });
        let res: Response;
        try {
          res = await opts.fetch(opts.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header, 'user-agent': 'opsbridge-replay' },
            body: payload,
            signal,
          });
        } catch (err) {
          if (signal?.aborted) throw err;
          if (failures++ < opts.retry.maxRetries) {
            await sleep(opts.clock, delay(opts.retry, failures), signal);
            continue;
          }
          throw new OpsError('STRIPE_DIRECT_UNREACHABLE', `cannot reach ${opts.url}: ${(err as Error).message}`, { cause: err });
        }
        const body = await res.text().catch(() => '');
        if (res.ok) return;
        if (res.status === 429 && throttles++ < opts.retry.max429) {
          opts.bucket.pauseFor(retryAfterMs(res.headers.get('retry-after') ?? undefined) ?? delay(opts.retry, throttles));
          continue;
        }
        if (res.status >= 500 && failures++ < opts.retry.maxRetries) {
          await sleep(opts.clock, delay(opts.retry, failures), signal);
          continue;
        }
        const snippet = body.replace(/\s+/g, ' ').trim().slice(0, 200);
        throw new OpsError('STRIPE_DIRECT_REJECTED', `receiver answered ${res.status}${snippet ? `: ${snippet}` : ''}`);
      }
    },
  };
}

function delay(retry: RetryPolicy, n: number): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
}
