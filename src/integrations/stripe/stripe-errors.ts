/**
 * Stripe's answers, shown plainly. Each SDK error becomes an OpsError with a stable code and
 * Stripe's own message (the most useful text: it names the missing permission of a restricted key).
 * `fatal` errors stop a replay — every further request would fail the same way.
 */
import { OpsError, isOpsError } from '../../core/errors.js';

interface SdkErrorShape {
  type?: string;
  statusCode?: number;
  message?: string;
  param?: string;
  code?: string;
  requestId?: string;
}

const FATAL = new Set(['STRIPE_AUTH', 'STRIPE_PERMISSION', 'STRIPE_ENDPOINT_UNKNOWN', 'STRIPE_KEY_MISSING']);

export function isFatalStripeError(err: unknown): boolean {
  return isOpsError(err) && FATAL.has(err.code);
}

export function toStripeOpsError(err: unknown, context: string): OpsError {
  if (isOpsError(err)) return err;
  const e = (err ?? {}) as SdkErrorShape;
  const said = e.message ? `: ${e.message}` : '';
  const req = e.requestId ? ` (request ${e.requestId})` : '';
  const status = e.statusCode;
  if (status === 401 || e.type === 'StripeAuthenticationError') {
    return new OpsError('STRIPE_AUTH', `Stripe rejected the API key (401) while ${context}${said}. Check STRIPE_SECRET_KEY.`, { cause: err });
  }
  if (status === 403 || e.type === 'StripePermissionError') {
    return new OpsError(
      'STRIPE_PERMISSION',
      `Stripe refused (403) while ${context}${said}. A restricted key needs "Events: read" to list and "Events: write" to resend.`,
      { cause: err },
    );
  }
  if (status === 404 && (e.param === 'webhook_endpoint' || /webhook.?endpoint/i.test(e.message ?? ''))) {
    return new OpsError('STRIPE_ENDPOINT_UNKNOWN', `Stripe does not know that webhook endpoint (404)${said}`, { cause: err });
  }
  if (status === 429 || e.type === 'StripeRateLimitError') {
    return new OpsError('STRIPE_RATE_LIMITED', `Stripe kept rate limiting (429) while ${context}${said}`, { cause: err });
  }
  if (status !== undefined && status >= 500) {
    return new OpsError('STRIPE_UNAVAILABLE', `Stripe answered ${status} while ${context}, after retries${said}${req}`, { cause: err });
  }
  if (e.type === 'StripeConnectionError') {
    return new OpsError('STRIPE_UNREACHABLE', `cannot reach Stripe while ${context}${said}`, { cause: err });
  }
  if (status !== undefined) {
    return new OpsError('STRIPE_REQUEST_FAILED', `Stripe answered ${status} while ${context}${said}`, { cause: err });
  }
  if (err instanceof Error && (err.name === 'AbortError' || /cancel|abort/i.test(err.message))) {
    return new OpsError('STRIPE_CANCELLED', 'cancelled', { cause: err });
  }
  return new OpsError('STRIPE_REQUEST_FAILED', `${context} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
