/**
 * A fake Atlassian Statuspage REST API (v1) on 127.0.0.1, faithful to what opsbridge uses:
 * `Authorization: OAuth <key>`, components (list, PATCH status), incidents (list, POST, PATCH with
 * incident_updates appended), JSON errors, a strict ~1 request/s limit per key answered with
 * 429 + Retry-After, and injectable failures (429/420/5xx, or the whole API down).
 * Every call is recorded, with the fake clock's time, so tests can check pacing and order.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { systemClock, type Clock } from '../../../src/core/clock.js';

export interface FakeComponent {
  id: string;
  page_id: string;
  name: string;
  status: string;
  description: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface FakeIncidentUpdate {
  id: string;
  incident_id: string;
  status: string;
  body: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: { code: string; name: string; old_status: string; new_status: string }[];
}

export interface FakeIncident {
  id: string;
  page_id: string;
  name: string;
  status: string;
  impact: string;
  impact_override: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  monitoring_at: string | null;
  shortlink: string;
  components: FakeComponent[];
  incident_updates: FakeIncidentUpdate[];
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
  /** fake clock time the request arrived */
  at: number;
  status: number;
}

const COMPONENT_STATUSES = ['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'];
const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
const IMPACTS = ['none', 'minor', 'major', 'critical'];

export interface FakeStatuspageOptions {
  apiKey?: string;
  pageId?: string;
  components?: { id: string; name: string }[];
  clock?: Clock;
  /** minimum spacing between requests per key; 0 turns the limit off */
  minIntervalMs?: number;
  /** network jitter forgiven between a client's send and our arrival time (real clocks only matter) */
  toleranceMs?: number;
}

export async function startFakeStatuspage(opts: FakeStatuspageOptions = {}) {
  const apiKey = opts.apiKey ?? 'sp-test-key';
  const pageId = opts.pageId ?? 'pg1';
  const clock = opts.clock ?? systemClock;
  const minInterval = opts.minIntervalMs ?? 1000;
  const tolerance = opts.toleranceMs ?? 50;
  const iso = () => new Date(clock.now()).toISOString();
  const components = new Map<string, FakeComponent>();
  (opts.components ?? [{ id: 'cmp_api', name: 'API' }]).forEach((c, i) =>
    components.set(c.id, { id: c.id, page_id: pageId, name: c.name, status: 'operational', description: null, position: i + 1, created_at: iso(), updated_at: iso() }),
  );
  const incidents = new Map<string, FakeIncident>();
  const calls: RecordedCall[] = [];
  const failures: { status: number; retryAfter?: string }[] = [];
  const lastByKey = new Map<string, number>();
  let down = false;
  let seq = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { error: String(err) }));
  });

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(text);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    return text ? JSON.parse(text) : undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      body = '<invalid json>';
    }
    const call: RecordedCall = { method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body, at: clock.now(), status: 0 };
    calls.push(call);
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      send(res, status, payload, headers);
    };

    if (down) return reply(503, { error: 'Service Unavailable' });
    const injected = failures.shift();
    if (injected) return reply(injected.status, { error: 'injected failure' }, injected.retryAfter ? { 'retry-after': injected.retryAfter } : {});

    const auth = req.headers.authorization ?? '';
    if (auth !== `OAuth ${apiKey}`) return reply(401, { error: 'Could not authenticate' });

    // Rate limit: one request per interval per key.
    if (minInterval > 0) {
      const last = lastByKey.get(apiKey);
      if (last !== undefined && clock.now() - last < minInterval - tolerance) {
        return reply(429, { error: 'Rate limit exceeded' }, { 'retry-after': String(Math.ceil((minInterval - (clock.now() - last)) / 1000)) });
      }
      lastByKey.set(apiKey, clock.now());
    }

    const m = /^\/v1\/pages\/([^/]+)\/(components|incidents)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m || m[1] !== pageId) return reply(404, { error: 'Not found' });
    const [, , kind, id] = m;
    const payload = (body ?? {}) as Record<string, Record<string, unknown> | undefined>;

    if (kind === 'components') {
      if (!id && req.method === 'GET') return reply(200, [...components.values()]);
      const c = id ? components.get(id) : undefined;
      if (!c) return reply(404, { error: 'Not found' });
      if (req.method === 'GET') return reply(200, c);
      if (req.method !== 'PATCH') return reply(405, { error: 'Method not allowed' });
      const status = payload.component?.status;
      if (typeof status !== 'string' || !COMPONENT_STATUSES.includes(status)) return reply(422, { error: ['Status is not included in the list'] });
      c.status = status;
      c.updated_at = iso();
      return reply(200, c);
    }

    // incidents
    if (!id && req.method === 'GET') return reply(200, [...incidents.values()].reverse());
    if (!id && req.method === 'POST') {
      const inc = payload.incident;
      if (!inc || typeof inc.name !== 'string' || !inc.name) return reply(422, { error: ["Name can't be blank"] });
      const status = (inc.status as string | undefined) ?? 'investigating';
      if (!INCIDENT_STATUSES.includes(status)) return reply(422, { error: ['Status is not included in the list'] });
      const impact = (inc.impact_override as string | undefined) ?? 'none';
      if (!IMPACTS.includes(impact)) return reply(422, { error: ['Impact override is not included in the list'] });
      const incId = `inc${++seq}`;
      const affected = applyComponentStatuses(inc);
      if (affected === undefined) return reply(422, { error: ['Components are invalid'] });
      const now = iso();
      const incident: FakeIncident = {
        id: incId,
        page_id: pageId,
        name: inc.name,
        status,
        impact,
        impact_override: (inc.impact_override as string | undefined) ?? null,
        created_at: now,
        updated_at: now,
        resolved_at: status === 'resolved' ? now : null,
        monitoring_at: status === 'monitoring' ? now : null,
        shortlink: `https://stspg.io/${incId}`,
        components: affected.components,
        incident_updates: [update(incId, status, String(inc.body ?? ''), affected.changes)],
      };
      incidents.set(incId, incident);
      return reply(201, incident);
    }
    const incident = id ? incidents.get(id) : undefined;
    if (!incident) return reply(404, { error: 'Not found' });
    if (req.method === 'GET') return reply(200, incident);
    if (req.method !== 'PATCH') return reply(405, { error: 'Method not allowed' });
    const inc = payload.incident ?? {};
    const status = (inc.status as string | undefined) ?? incident.status;
    if (!INCIDENT_STATUSES.includes(status)) return reply(422, { error: ['Status is not included in the list'] });
    const affected = applyComponentStatuses(inc);
    if (affected === undefined) return reply(422, { error: ['Components are invalid'] });
    incident.status = status;
    incident.updated_at = iso();
    if (status === 'resolved') incident.resolved_at = iso();
    if (status === 'monitoring') incident.monitoring_at = iso();
    incident.incident_updates.unshift(update(incident.id, status, String(inc.body ?? ''), affected.changes));
    return reply(200, incident);
  }

  function applyComponentStatuses(inc: Record<string, unknown>) {
    const ids = (inc.component_ids as string[] | undefined) ?? [];
    const statuses = (inc.components as Record<string, string> | undefined) ?? {};
    const out: FakeComponent[] = [];
    const changes: FakeIncidentUpdate['affected_components'] = [];
    for (const cid of new Set([...ids, ...Object.keys(statuses)])) {
      const c = components.get(cid);
      if (!c) return undefined;
      const next = statuses[cid];
      if (next !== undefined) {
        if (!COMPONENT_STATUSES.includes(next)) return undefined;
        changes.push({ code: cid, name: c.name, old_status: c.status, new_status: next });
        c.status = next;
        c.updated_at = iso();
      }
      out.push(c);
    }
    return { components: out, changes };
  }

  function update(incidentId: string, status: string, body: string, changes: FakeIncidentUpdate['affected_components']): FakeIncidentUpdate {
    const now = iso();
    return { id: `upd${++seq}`, incident_id: incidentId, status, body, created_at: now, updated_at: now, display_at: now, affected_components: changes };
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    pageId,
    calls,
    components,
    incidents,
    /** the next `count` requests (before auth) fail with `status` */
    failNext(count: number, status: number, retryAfter?: string) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter });
    },
    /** every request answers 503 until setDown(false) */
    setDown(value: boolean) {
      down = value;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export type FakeStatuspage = Awaited<ReturnType<typeof startFakeStatuspage>>;
