/**
 * How each kind of delivery goes over the wire. Secrets (the PagerDuty routing key, webhook
 * signing keys) come from the config at send time and are never stored with the delivery.
 */
import type { PagingConfig } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import { isRetryable, parseRetryAfter } from './backoff.js';
import type { DeliveryOutcome, DeliveryRow, Sender } from './delivery-queue.js';
import { signBody, SIGNATURE_HEADER } from './webhook-signature.js';

const TIMEOUT_MS = 10_000;

async function post(fetchFn: typeof fetch, clock: Clock, url: string, body: string, headers: Record<string, string>): Promise<DeliveryOutcome & { text?: string }> {
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'opsbridge', ...headers }, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'manual' });
  } catch (err) {
    return { ok: false, retry: true, error: `no answer from ${new URL(url).host}: ${errorMessage(err)}` };
  }
  const text = await res.text().catch(() => '');
  if (res.ok) return { ok: true, retry: false, status: res.status, text };
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), clock.now());
  return { ok: false, retry: isRetryable(res.status), status: res.status, text, error: `HTTP ${res.status}: ${text.slice(0, 300)}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

export function pagerDutySender(config: PagingConfig['pagerduty'], fetchFn: typeof fetch, clock: Clock): Sender {
  return async (row: DeliveryRow) => {
    if (!config.routingKey) return { ok: false, retry: false, error: 'PAGERDUTY_ROUTING_KEY is not set' };
    const body = JSON.stringify({ routing_key: config.routingKey, ...(JSON.parse(row.body) as object) });
    const out = await post(fetchFn, clock, `${config.eventsUrl.replace(/\/+$/, '')}/v2/enqueue`, body, {});
    if (!out.ok && out.status === 400) {
      // PagerDuty explains a refused event in `errors`.
      const why = safeJson(out.text)?.errors;
      return { ...out, error: `PagerDuty refused the event: ${Array.isArray(why) ? why.join('; ') : (out.error ?? '')}` };
    }
    return out;
  };
}

export function webhookSender(config: PagingConfig, fetchFn: typeof fetch, clock: Clock): Sender {
  return async (row: DeliveryRow) => {
    const target = config.webhooks.find((w) => (w.name ?? w.url) === row.target);
    if (!target) return { ok: false, retry: false, error: `webhook "${row.target}" is no longer configured` };
    const t = Math.floor(clock.now() / 1000);
    return post(fetchFn, clock, target.url, row.body, { [SIGNATURE_HEADER]: signBody(target.secret, row.body, t) });
  };
}

function safeJson(text: string | undefined): { errors?: unknown } | undefined {
  try {
    return text ? (JSON.parse(text) as { errors?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
