/**
 * A PagerDuty Events API v2 endpoint on 127.0.0.1: POST /v2/enqueue validates the event as
 * PagerDuty does (routing key, action, dedup_key, trigger payload fields and enums) and answers
 * 202 {status, message, dedup_key}, 400 {status, message, errors}, or 429 / 500 when told to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../read-body.js';

export interface ReceivedEvent {
  routing_key: string;
  event_action: string;
  dedup_key?: string;
  payload?: Record<string, unknown>;
  links?: unknown[];
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

function problems(e: Partial<ReceivedEvent>): string[] {
  const out: string[] = [];
  if (typeof e.routing_key !== 'string' || e.routing_key.length !== 32) out.push("'routing_key' must be a 32 character integration key");
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(e.event_action))) out.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
  if (e.dedup_key !== undefined && (typeof e.dedup_key !== 'string' || e.dedup_key.length > 255)) out.push("'dedup_key' must be at most 255 characters");
  if (e.event_action === 'trigger') {
    const p = e.payload;
    if (!p || typeof p !== 'object') out.push("'payload' is missing or blank");
    else {
      if (typeof p.summary !== 'string' || !p.summary || p.summary.length > 1024) out.push("'payload.summary' is missing or blank");
      if (typeof p.source !== 'string' || !p.source) out.push("'payload.source' is missing or blank");
      if (!SEVERITIES.includes(String(p.severity))) out.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
    }
  } else if (!e.dedup_key) out.push("'dedup_key' is required for acknowledge and resolve");
  return out;
}

export interface FakePagerDuty {
  url: string;
  /** accepted events, in order */
  events: ReceivedEvent[];
  /** every request, accepted or not */
  requests: number;
  /** the next N requests answer with this status (429 with Retry-After: 1, or 500) */
  failNext(n: number, status: 429 | 500 | 503): void;
  close(): Promise<void>;
}

export async function startFakePagerDuty(): Promise<FakePagerDuty> {
  const events: ReceivedEvent[] = [];
  const failures: number[] = [];
  const state = { requests: 0 };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const text = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/v2/enqueue') return send(404, { status: 'not found' });
    state.requests++;
    const fail = failures.shift();
    if (fail === 429) return send(429, { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' }, { 'retry-after': '1' });
    if (fail) return send(fail, { status: 'error', message: 'internal error' });
    let event: Partial<ReceivedEvent>;
    try {
      event = JSON.parse(text) as Partial<ReceivedEvent>;
    } catch {
      return send(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['body is not JSON'] });
    }
    const errs = problems(event);
    if (errs.length) return send(400, { status: 'invalid event', message: 'Event object is invalid', errors: errs });
    events.push(event as ReceivedEvent);
    send(202, { status: 'success', message: 'Event processed', dedup_key: event.dedup_key ?? `pd-${events.length}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    get requests() {
      return state.requests;
    },
    failNext(n, status) {
      for (let i = 0; i < n; i++) failures.push(status);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
