/**
 * HTTP client for the Atlassian Statuspage REST API. Statuspage allows about one request per
 * second per token, so requests go out one at a time, at least `minIntervalMs` apart. A 429
 * (or 420, which Statuspage has used for the same purpose) is waited out per Retry-After and
 * retried a few times; 5xx and network errors are reported as retryable so the updater can keep
 * the update pending; other 4xx are final.
 */
import type { Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import { describeFetchError } from '../probes/timed-fetch.js';
import { clockSleep } from './clock-sleep.js';

export interface PacedClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  clock: Clock;
  minIntervalMs?: number;
  /** how many 429/420 answers to wait out before giving up on this attempt */
  maxRateLimitRetries?: number;
  /** real-time deadline per request (the network, not the pacing) */
  requestTimeoutMs?: number;
}

export interface PacedClient {
  request<T = unknown>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T>;
}

const RETRYABLE = new Set(['STATUSPAGE_UNAVAILABLE', 'STATUSPAGE_RATE_LIMITED']);

/** true when trying the same request later may succeed */
export function isRetryable(err: unknown): boolean {
  return err instanceof OpsError && RETRYABLE.has(err.code);
}

export function createPacedClient(opts: PacedClientOptions): PacedClient {
  const minInterval = opts.minIntervalMs ?? 1000;
  const maxRateLimitRetries = opts.maxRateLimitRetries ?? 3;
  const timeoutMs = opts.requestTimeoutMs ?? 10_000;
  const base = opts.baseUrl.replace(/\/+$/, '');
  let lastStart = Number.NEGATIVE_INFINITY;
  let chain: Promise<unknown> = Promise.resolve();

  async function send(method: string, path: string, body: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const wait = lastStart + minInterval - opts.clock.now();
      if (wait > 0) await clockSleep(opts.clock, wait);
      lastStart = opts.clock.now();
      let res: Response;
      try {
        res = await opts.fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `OAuth ${opts.apiKey}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new OpsError('STATUSPAGE_UNAVAILABLE', `Statuspage unreachable: ${describeFetchError(err)}`, { cause: err });
      }
      const text = await res.text().catch(() => '');
      // Space from the answer, not the send: a request delayed on the way must not arrive at
      // Statuspage less than minInterval after the one before it.
      lastStart = opts.clock.now();
      if (res.status === 429 || res.status === 420) {
        if (attempt >= maxRateLimitRetries) {
          throw new OpsError('STATUSPAGE_RATE_LIMITED', `Statuspage rate limit (HTTP ${res.status}) persisted after ${attempt + 1} attempts`);
        }
        await clockSleep(opts.clock, retryAfterMs(res.headers.get('retry-after'), attempt, opts.clock.now()));
        continue;
      }
      if (res.status >= 500) throw new OpsError('STATUSPAGE_UNAVAILABLE', `Statuspage answered HTTP ${res.status}`);
      if (res.status >= 400) {
        throw new OpsError('STATUSPAGE_REJECTED', `Statuspage rejected ${method} ${path}: HTTP ${res.status} ${summarize(text)}`);
      }
      if (!text) return undefined;
      try {
        return JSON.parse(text);
      } catch (err) {
        throw new OpsError('STATUSPAGE_UNAVAILABLE', `Statuspage answered HTTP ${res.status} with a body that is not JSON`, { cause: err });
      }
    }
  }

  return {
    request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
      const run = chain.then(() => send(method, path, body));
      chain = run.catch(() => undefined);
      return run as Promise<T>;
    },
  };
}

/** Retry-After in seconds or as an HTTP date; without one, 1 s, 2 s, 4 s ... capped at a minute. */
export function retryAfterMs(header: string | null, attempt: number, nowMs: number): number {
  const fallback = Math.min(60_000, 1000 * 2 ** attempt);
  if (!header) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(300_000, Math.max(1000, Math.ceil(seconds * 1000)));
  const date = Date.parse(header);
  if (Number.isFinite(date)) return Math.min(300_000, Math.max(1000, date - nowMs));
  return fallback;
}

function summarize(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}
