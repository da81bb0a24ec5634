/**
 * One configured Stripe SDK client per replay: STRIPE_API_URL (proxies, tests) becomes
 * host/port/protocol, the SDK's own retries are off (ours sit in the transport, with the
 * rate limit), and a missing key fails with a setup hint before any request is made.
 */
import Stripe from 'stripe';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import { DEFAULT_RETRY, LimitedHttpClient, type RetryPolicy } from './http-client.js';
import { requireSecretKey } from './secret-key.js';
import { TokenBucket } from './token-bucket.js';

export { requireSecretKey } from './secret-key.js';

export interface StripeClientOptions {
  secretKey: string | undefined;
  /** e.g. http://127.0.0.1:12111; default https://api.stripe.com */
  apiUrl?: string;
  /** requests per second for everything this client sends */
  rate: number;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** share a bucket with other senders (direct-mode deliveries) */
  bucket?: TokenBucket;
}

export interface StripeClient {
  stripe: Stripe;
  bucket: TokenBucket;
  transport: LimitedHttpClient;
}

export function createStripeClient(opts: StripeClientOptions): StripeClient {
  const key = requireSecretKey(opts.secretKey);
  const clock = opts.clock ?? systemClock;
  const bucket = opts.bucket ?? new TokenBucket(clock, opts.rate);
  const transport = new LimitedHttpClient(Stripe.createNodeHttpClient(), {
    bucket,
    clock,
    retry: { ...DEFAULT_RETRY, ...opts.retry },
    signal: opts.signal,
  });
  const config: Stripe.StripeConfig = { maxNetworkRetries: 0, httpClient: transport, telemetry: false };
  if (opts.apiUrl) {
    let url: URL;
    try {
      url = new URL(opts.apiUrl);
    } catch (err) {
      throw new OpsError('STRIPE_BAD_URL', `STRIPE_API_URL "${opts.apiUrl}" is not a URL`, { cause: err });
    }
    const protocol = url.protocol.replace(':', '');
    if (protocol !== 'http' && protocol !== 'https') {
      throw new OpsError('STRIPE_BAD_URL', `STRIPE_API_URL must be http(s), got "${opts.apiUrl}"`);
    }
    config.host = url.hostname;
    config.port = url.port || (protocol === 'https' ? 443 : 80);
    config.protocol = protocol;
  }
  return { stripe: new Stripe(key, config), bucket, transport };
}
