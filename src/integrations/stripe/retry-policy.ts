/**
 * How the Stripe transport and the direct deliverer retry: the policy and Retry-After parsing.
 * Apart from http-client.ts so that the code which only needs these never loads the Stripe SDK.
 */
export interface RetryPolicy {
  /** retries after a 5xx or a connection error */
  maxRetries: number;
  /** first backoff; doubles each retry */
  baseDelayMs: number;
  maxDelayMs: number;
  /** consecutive 429s tolerated for one request */
  max429: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8000, max429: 10 };

/** Retry-After in seconds (Stripe's and HTTP's form) or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, 60_000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, Math.min(date - Date.now(), 60_000)) : undefined;
}
