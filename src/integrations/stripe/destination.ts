/**
 * Where replayed events go. `stripe`: Stripe resends to one of the account's webhook endpoints
 * (we_...). `direct`: opsbridge POSTs the event to a URL itself, signed with the endpoint secret.
 * The destination key names the ledger rows, so "delivered" is always per destination.
 */
import { OpsError } from '../../core/errors.js';

export type ReplayMode = 'stripe' | 'direct';

export type Destination = { mode: 'stripe'; endpoint: string } | { mode: 'direct'; url: string };

export function destinationKey(d: Destination): string {
  return d.mode === 'stripe' ? `stripe:${d.endpoint}` : `direct:${d.url}`;
}

export function describeDestination(d: Destination): string {
  return d.mode === 'stripe' ? `webhook endpoint ${d.endpoint} (Stripe resends)` : `${d.url} (signed direct POST)`;
}

/**
 * Mode and endpoint from user input, falling back to configuration. Without a mode, the
 * endpoint's shape decides: a URL means direct, we_... means stripe.
 */
export function resolveDestination(
  input: { mode?: string; endpoint?: string },
  defaults: { endpoint?: string; directUrl?: string },
): Destination {
  if (input.mode !== undefined && input.mode !== 'stripe' && input.mode !== 'direct') {
    throw new OpsError('STRIPE_BAD_MODE', `mode "${input.mode}" is not one of: stripe (Stripe resends to a we_... endpoint), direct (POST to a URL)`);
  }
  const looksUrl = (s: string | undefined) => Boolean(s && /^https?:\/\//i.test(s));
  const mode: ReplayMode = (input.mode as ReplayMode | undefined) ?? (looksUrl(input.endpoint) ? 'direct' : input.endpoint ? 'stripe' : defaults.endpoint ? 'stripe' : defaults.directUrl ? 'direct' : 'stripe');
  if (mode === 'stripe') {
    const endpoint = input.endpoint ?? defaults.endpoint;
    if (!endpoint) {
      throw new OpsError('STRIPE_NO_ENDPOINT', 'no webhook endpoint: pass one (we_...) or set STRIPE_WEBHOOK_ENDPOINT; for direct delivery pass a URL and mode direct');
    }
    if (!/^we_[A-Za-z0-9]+$/.test(endpoint)) {
      throw new OpsError('STRIPE_BAD_ENDPOINT', `"${endpoint}" is not a webhook endpoint id: stripe mode takes we_... (Dashboard → Developers → Webhooks)`);
    }
    return { mode, endpoint };
  }
  const url = input.endpoint ?? defaults.directUrl;
  if (!url) throw new OpsError('STRIPE_NO_ENDPOINT', 'no URL for direct delivery: pass one or set STRIPE_DIRECT_URL');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    throw new OpsError('STRIPE_BAD_ENDPOINT', `"${url}" is not a URL`, { cause: err });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new OpsError('STRIPE_BAD_ENDPOINT', `direct delivery needs an http(s) URL, got "${url}"`);
  }
  return { mode, url: parsed.toString() };
}
