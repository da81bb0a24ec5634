/**
 * A fake Stripe API on 127.0.0.1, faithful to what the replay uses:
 * - GET /v1/events: created[gt|gte|lt|lte] (or created=N), delivery_success, type (with a trailing
 *   `*` wildcard) or types[] (≤ 20, not both), newest first, cursor pagination (limit ≤ 100,
 *   starting_after / ending_before, has_more), Stripe's list envelope.
 * - POST /v1/events/{id}/retry (form: webhook_endpoint): 404 for an unknown event or endpoint,
 *   honours Idempotency-Key (a replayed key returns the saved answer and delivers nothing;
 *   like Stripe, only completed requests are saved, so a key that met a 5xx can be retried).
 * - Auth: 401 without a key or with an unknown one; 403 for a restricted key lacking the
 *   permission (Stripe's message names it).
 * - Faults: injected 429/5xx for the next N matching requests; an enforced request rate
 *   (token bucket, one second of burst) answering 429 beyond it.
 * - Counters: deliveries per (endpoint, event), requests per route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeEvent, StoredEvent } from './events.js';

export interface FakeStripeOptions {
  /** full-access secret keys */
  secretKeys?: string[];
  /** restricted keys → the permissions they hold: 'event_read', 'event_write' */
  restrictedKeys?: Record<string, string[]>;
  /** webhook endpoint ids that exist */
  endpoints?: string[];
  /** enforced requests per second across all routes; unset = unlimited */
  ratePerSec?: number;
  /** seconds in Retry-After on rate-limit 429s (Stripe itself often sends none) */
  retryAfterSec?: number;
}

interface Injection {
  status: number;
  remaining: number;
  match: (method: string, path: string) => boolean;
  retryAfterSec?: number;
}

export class FakeStripe {
  readonly secretKeys: string[];
  private readonly restricted: Record<string, string[]>;
  private readonly endpoints: Set<string>;
  /** sorted newest first: created desc, then id desc */
  private events: StoredEvent[] = [];
  private byId = new Map<string, StoredEvent>();
  private deliveries = new Map<string, Map<string, number>>();
  private idempotency = new Map<string, { fingerprint: string; status: number; body: string }>();
  private injections: Injection[] = [];
  private tokens: number;
  private lastRefill = performance.now();
  readonly counts = { list: 0, retry: 0, throttled: 0, injected: 0, idempotentReplays: 0 };
  private server: Server | undefined;
  url = '';

  constructor(private readonly opts: FakeStripeOptions = {}) {
    this.secretKeys = opts.secretKeys ?? ['sk_test_fake'];
    this.restricted = opts.restrictedKeys ?? {};
    this.endpoints = new Set(opts.endpoints ?? ['we_fake']);
    this.tokens = opts.ratePerSec ?? 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addEvents(events: FakeEvent[], deliverySuccess = false): void {
    for (const event of events) {
      const stored = { event, deliverySuccess };
      this.byId.set(event.id, stored);
      this.events.push(stored);
    }
    this.events.sort((a, b) => b.event.created - a.event.created || (a.event.id < b.event.id ? 1 : a.event.id > b.event.id ? -1 : 0));
  }

  /** The next `count` requests matching `path` (and method) get `status` before any work is done. */
  inject(status: number, count: number, path: RegExp = /.*/, method?: string, retryAfterSec?: number): void {
    this.injections.push({
      status,
      remaining: count,
      match: (m, p) => path.test(p) && (!method || method === m),
      ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
    });
  }

  deliveryCount(eventId: string, endpoint?: string): number {
    let n = 0;
    for (const [ep, m] of this.deliveries) if (!endpoint || ep === endpoint) n += m.get(eventId) ?? 0;
    return n;
  }

  totalDeliveries(): number {
    let n = 0;
    for (const m of this.deliveries.values()) for (const c of m.values()) n += c;
    return n;
  }

  /** deliveries beyond the first, over every (endpoint, event) */
  duplicates(): number {
    let n = 0;
    for (const m of this.deliveries.values()) for (const c of m.values()) n += Math.max(0, c - 1);
    return n;
  }

  /** event ids in the order their first delivery happened */
  readonly deliveryOrder: string[] = [];

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    res.setHeader('request-id', `req_fake_${Math.random().toString(36).slice(2, 10)}`);

    const inj = this.injections.find((i) => i.remaining > 0 && i.match(method, url.pathname));
    if (inj) {
      inj.remaining--;
      this.counts.injected++;
      if (inj.retryAfterSec !== undefined) res.setHeader('retry-after', String(inj.retryAfterSec));
      return inj.status === 429
        ? send(res, 429, rateLimitError())
        : send(res, inj.status, { error: { type: 'api_error', message: `An unknown error occurred (injected ${inj.status})` } });
    }
    if (!this.takeToken()) {
      this.counts.throttled++;
      if (this.opts.retryAfterSec !== undefined) res.setHeader('retry-after', String(this.opts.retryAfterSec));
      return send(res, 429, rateLimitError());
    }

    const auth = this.authorize(req.headers.authorization);
    if ('error' in auth) return send(res, 401, { error: { type: 'invalid_request_error', message: auth.error } });

    if (method === 'GET' && url.pathname === '/v1/events') {
      if (!this.permits(auth.key, 'event_read')) return send(res, 403, permissionError(auth.key, 'rak_event_read'));
      this.counts.list++;
      return this.list(url.searchParams, res);
    }
    const retry = /^\/v1\/events\/([^/]+)\/retry$/.exec(url.pathname);
    if (method === 'POST' && retry) {
      if (!this.permits(auth.key, 'event_write')) return send(res, 403, permissionError(auth.key, 'rak_event_write'));
      this.counts.retry++;
      return this.retry(decodeURIComponent(retry[1]!), new URLSearchParams(body), req.headers['idempotency-key'], res);
    }
    return send(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` } });
  }

  private takeToken(): boolean {
    const rate = this.opts.ratePerSec;
    if (!rate) return true;
    const now = performance.now();
    this.tokens = Math.min(rate, this.tokens + ((now - this.lastRefill) * rate) / 1000);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private authorize(header: string | undefined): { key: string } | { error: string } {
    const key = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!key) {
      return { error: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').' };
    }
    if (this.secretKeys.includes(key) || key in this.restricted) return { key };
    return { error: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` };
  }

  private permits(key: string, permission: string): boolean {
    return this.secretKeys.includes(key) || (this.restricted[key] ?? []).includes(permission);
  }

  private list(q: URLSearchParams, res: ServerResponse): void {
    const type = q.get('type') ?? undefined;
    const types = [...q.entries()].filter(([k]) => /^types\[\d*\]$/.test(k)).map(([, v]) => v);
    if (type && types.length) return send(res, 400, invalid('You may only specify one of these parameters: type, types.', 'type'));
    if (types.length > 20) return send(res, 400, invalid('You may only specify up to 20 types.', 'types'));
    const limit = q.has('limit') ? Number(q.get('limit')) : 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return send(res, 400, invalid('Invalid integer: limit must be between 1 and 100', 'limit'));
    const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
    const created = { gt: num('created[gt]'), gte: num('created[gte]'), lt: num('created[lt]'), lte: num('created[lte]'), eq: num('created') };
    const ds = q.get('delivery_success');
    const matchType = (t: string) =>
      types.length ? types.includes(t) : !type ? true : type.endsWith('*') ? t.startsWith(type.slice(0, -1)) : t === type;
    const matches = (s: StoredEvent) => {
      const c = s.event.created;
      if (created.eq !== undefined && c !== created.eq) return false;
      if (created.gt !== undefined && !(c > created.gt)) return false;
      if (created.gte !== undefined && !(c >= created.gte)) return false;
      if (created.lt !== undefined && !(c < created.lt)) return false;
      if (created.lte !== undefined && !(c <= created.lte)) return false;
      if (ds !== null && String(s.deliverySuccess) !== ds) return false;
      return matchType(s.event.type);
    };
    const after = q.get('starting_after');
    const before = q.get('ending_before');
    for (const cursor of [after, before]) {
      if (cursor && !this.byId.has(cursor)) return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: after ? 'starting_after' : 'ending_before', message: `No such event: '${cursor}'` } });
    }
    // Cursors are positions in the full ordering, so they work even if the cursor no longer matches.
    let page: StoredEvent[];
    let hasMore: boolean;
    if (before) {
      const at = this.events.indexOf(this.byId.get(before)!);
      const newer = this.events.slice(0, at).filter(matches);
      page = newer.slice(Math.max(0, newer.length - limit));
      hasMore = newer.length > limit;
    } else {
      const start = after ? this.events.indexOf(this.byId.get(after)!) + 1 : 0;
      page = [];
      let i = start;
      for (; i < this.events.length && page.length < limit; i++) if (matches(this.events[i]!)) page.push(this.events[i]!);
      hasMore = false;
      for (; i < this.events.length; i++) if (matches(this.events[i]!)) { hasMore = true; break; }
    }
    send(res, 200, { object: 'list', data: page.map((s) => s.event), has_more: hasMore, url: '/v1/events' });
  }

  private retry(id: string, form: URLSearchParams, key: string | string[] | undefined, res: ServerResponse): void {
    const endpoint = form.get('webhook_endpoint');
    const fingerprint = `${id}|${endpoint}`;
    const idemKey = Array.isArray(key) ? key[0] : key;
    if (idemKey) {
      const saved = this.idempotency.get(idemKey);
      if (saved) {
        if (saved.fingerprint !== fingerprint) {
          return send(res, 400, { error: { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.` } });
        }
        this.counts.idempotentReplays++;
        res.setHeader('idempotent-replayed', 'true');
        res.setHeader('idempotency-key', idemKey);
        res.writeHead(saved.status, { 'content-type': 'application/json' }).end(saved.body);
        return;
      }
    }
    const stored = this.byId.get(id);
    if (!stored) return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'id', message: `No such event: '${id}'` } });
    if (!endpoint) return send(res, 400, invalid('Missing required param: webhook_endpoint.', 'webhook_endpoint'));
    if (!this.endpoints.has(endpoint)) {
      return send(res, 404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'webhook_endpoint', message: `No such webhook endpoint: '${endpoint}'` } });
    }
    const perEndpoint = this.deliveries.get(endpoint) ?? new Map<string, number>();
    this.deliveries.set(endpoint, perEndpoint);
    const before = perEndpoint.get(id) ?? 0;
    perEndpoint.set(id, before + 1);
    if (before === 0) this.deliveryOrder.push(id);
    const body = JSON.stringify(stored.event);
    if (idemKey) {
      this.idempotency.set(idemKey, { fingerprint, status: 200, body });
      res.setHeader('idempotency-key', idemKey);
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function invalid(message: string, param: string) {
  return { error: { type: 'invalid_request_error', message, param } };
}

function rateLimitError() {
  return { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' } };
}

function permissionError(key: string, permission: string) {
  return {
    error: {
      type: 'invalid_request_error',
      message: `The provided key '${key.slice(0, 8)}***${key.slice(-4)}' does not have the required permissions for this endpoint on account 'acct_fake'. Having the '${permission}' permission would allow this request to continue.`,
    },
  };
}

export async function startFakeStripe(opts?: FakeStripeOptions): Promise<FakeStripe> {
  return new FakeStripe(opts).start();
}
