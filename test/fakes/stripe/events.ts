/**
 * Stripe-shaped event objects for the fake. Deterministic (no randomness) so a test can name
 * the events it expects.
 */
export interface FakeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface StoredEvent {
  event: FakeEvent;
  /** Stripe's delivery_success filter: false when some endpoint has not received it */
  deliverySuccess: boolean;
}

const OBJECT_OF: Record<string, string> = {
  invoice: 'invoice',
  charge: 'charge',
  customer: 'customer',
  payment_intent: 'payment_intent',
  checkout: 'checkout.session',
};

export function makeEvent(id: string, type: string, created: number): FakeEvent {
  const prefix = type.split('.')[0] ?? 'object';
  const object = OBJECT_OF[prefix] ?? prefix;
  return {
    id,
    object: 'event',
    api_version: '2025-01-27.acacia',
    created,
    data: { object: { id: `${prefix.slice(0, 3)}_${id.slice(4)}`, object, amount: 1999, currency: 'usd', livemode: false } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: `req_${id.slice(4)}`, idempotency_key: null },
    type,
  };
}

/**
 * `count` events spread evenly over [since, until] (unix seconds), cycling through `types`.
 * Ids embed the sequence number, so evt_000001 is the oldest.
 */
export function makeEvents(opts: { count: number; since: number; until: number; types?: string[]; prefix?: string }): FakeEvent[] {
  const types = opts.types ?? ['invoice.paid', 'invoice.payment_failed', 'charge.succeeded', 'customer.created'];
  const span = Math.max(0, opts.until - opts.since);
  const out: FakeEvent[] = [];
  for (let i = 0; i < opts.count; i++) {
    const created = opts.since + (opts.count === 1 ? 0 : Math.floor((span * i) / (opts.count - 1)));
    out.push(makeEvent(`evt_${opts.prefix ?? ''}${String(i + 1).padStart(6, '0')}`, types[i % types.length]!, created));
  }
  return out;
}
