/**
 * The Stripe SDK's transport, wrapped so every request it makes — each auto-pagination page and
 * each retry call — takes a token from the replay's bucket, and so throttling and brief outages
 * are absorbed below the SDK: an iterator in the middle of a listing never sees a 429.
 *
 * 429 → the whole bucket pauses for Retry-After (or a backoff) and the request is sent again.
 * 5xx / connection errors → exponential backoff, up to `maxRetries`, then the SDK sees the error.
 * Retried POSTs resend the same headers, so the Idempotency-Key makes them safe.
 */
import Stripe from 'stripe';
import type { Clock } from '../../core/clock.js';
import { retryAfterMs, type RetryPolicy } from './retry-policy.js';
import { sleep } from './sleep.js';
import type { TokenBucket } from './token-bucket.js';

export { DEFAULT_RETRY, retryAfterMs, type RetryPolicy } from './retry-policy.js';

// The SDK's transport types, reached through its config type (the node entry does not re-export them).
type HttpClientInterface = NonNullable<Stripe.StripeConfig['httpClient']>;
type Response = Awaited<ReturnType<HttpClientInterface['makeRequest']>>;

export interface TransportStats {
  requests: number;
  throttled: number;
  retried: number;
}

export class LimitedHttpClient extends Stripe.HttpClient {
  readonly stats: TransportStats = { requests: 0, throttled: 0, retried: 0 };

  constructor(
    private readonly inner: HttpClientInterface,
    private readonly deps: { bucket: TokenBucket; clock: Clock; retry: RetryPolicy; signal?: AbortSignal },
  ) {
    super();
  }

  override getClientName(): string {
    return this.inner.getClientName();
  }

  override async makeRequest(
    host: string,
    port: string,
    path: string,
    method: string,
    headers: Parameters<HttpClientInterface['makeRequest']>[4],
    requestData: string,
    protocol: string,
    timeout: number,
  ): Promise<Response> {
    const { bucket, clock, retry, signal } = this.deps;
    let failures = 0;
    let throttles = 0;
    for (;;) {
      await bucket.acquire(signal);
      this.stats.requests++;
      let res: Response;
      try {
        res = await this.inner.makeRequest(host, port, path, method, headers, requestData, protocol, timeout);
      } catch (err) {
        if (failures >= retry.maxRetries || signal?.aborted) throw err;
        failures++;
        this.stats.retried++;
        await sleep(clock, backoff(retry, failures), signal);
        continue;
      }
      const status = res.getStatusCode();
      if (status === 429 && throttles < retry.max429) {
        throttles++;
        this.stats.throttled++;
        discard(res);
        const wait = retryAfterMs(res.getHeaders()['retry-after']) ?? backoff(retry, throttles);
        bucket.pauseFor(wait);
        continue;
      }
      if (status >= 500 && failures < retry.maxRetries && !signal?.aborted) {
        failures++;
        this.stats.retried++;
        discard(res);
        await sleep(clock, backoff(retry, failures), signal);
        continue;
      }
      return res;
    }
  }
}

function backoff(retry: RetryPolicy, n: number): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
}

/** Read and drop a response we will not hand to the SDK, freeing its socket. */
function discard(res: Response): void {
  if (res.dispose) res.dispose();
  else void Promise.resolve(res.toJSON()).catch(() => undefined);
}
