/**
 * When to try a delivery again. Exponential from 2 s, capped at 5 minutes, for at most 8
 * attempts (about 15 minutes in all); a server's Retry-After wins when it asks for longer.
 */
export const MAX_DELIVERY_ATTEMPTS = 8;
const BASE_MS = 2_000;
const CAP_MS = 5 * 60_000;

export function retryDelayMs(attempt: number, retryAfterMs?: number): number {
  const exp = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempt - 1));
  return retryAfterMs !== undefined && retryAfterMs > exp ? Math.min(retryAfterMs, 3_600_000) : exp;
}

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - nowMs);
}

/** 429 and 5xx (and no answer at all) are worth another try; any other 4xx will fail again. */
export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}
