import net from 'node:net';

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { readBody } from '../../src/http/body.js';
import { createMetrics } from '../../src/http/metrics.js';
import type { HttpRoute } from '../../src/http/route.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';

const logger = pino({ level: 'silent' });
let server: HttpServer | undefined;

async function start(opts: { routes?: HttpRoute[]; readiness?: () => Promise<Record<string, boolean>> } = {}) {
  const metrics = createMetrics();
  server = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: opts.routes ?? [],
    readiness: opts.readiness ?? (async () => ({ store: true })),
    metrics: metrics.registry,
    logger,
  });
  const port = await server.listen();
  return { base: `http://127.0.0.1:${port}`, port, metrics };
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    let out = '';
    sock.on('data', (d) => (out += d.toString()));
    sock.on('end', () => resolve(out));
    sock.on('close', () => resolve(out));
    sock.on('error', reject);
  });
}

describe('createHttpServer', () => {
  it('answers /healthz with 200 while the process runs', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 200 only when every check passes, naming each check', async () => {
    let storeUp = true;
    const { base } = await start({ readiness: async () => ({ store: storeUp, console: true }) });
    let res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { store: true, console: true } });
    storeUp = false;
    res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', checks: { store: false, console: true } });
  });

  it('reports not ready when a readiness check throws', async () => {
    const { base } = await start({
      readiness: async () => {
        throw new Error('db gone');
      },
    });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { status: string }).status).toBe('not ready');
  });

  it('serves the bot metrics in Prometheus text format', async () => {
    const { base, metrics } = await start();
    metrics.commands.inc({ command: 'incident', outcome: 'ok' });
    metrics.commands.inc({ command: 'incident', outcome: 'ok' });
    metrics.approvals.inc({ outcome: 'approved' });
    metrics.stepDuration.observe({ safety: 'safe', outcome: 'succeeded' }, 0.3);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('opsbridge_commands_total{command="incident",outcome="ok"} 2');
    expect(text).toContain('opsbridge_approvals_total{outcome="approved"} 1');
    expect(text).toContain('opsbridge_step_duration_seconds_bucket{le="0.5",safety="safe",outcome="succeeded"} 1');
    expect(text).toContain('# TYPE opsbridge_process_cpu_seconds_total counter');
  });

  it('returns 404 JSON for unknown paths and 405 for a wrong method', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/nope?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ error: 'not_found', path: '/nope' });
    const post = await fetch(`${base}/healthz`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('mounts routes, exact and prefix, and answers HEAD with the GET route', async () => {
    const seen: string[] = [];
    const { base } = await start({
      routes: [
        { method: 'GET', path: '/status', handle: (_q, res) => void res.end('page') },
        {
          method: 'GET',
          path: '/files/*',
          handle: (_q, res, url) => {
            seen.push(url.pathname);
            res.end(url.pathname);
          },
        },
      ],
    });
    expect(await (await fetch(`${base}/status`)).text()).toBe('page');
    expect(await (await fetch(`${base}/files/a/b`)).text()).toBe('/files/a/b');
    const head = await fetch(`${base}/status`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(seen).toEqual(['/files/a/b']);
  });

  it('hands a POST route its body and rejects bodies over 1 MB with 413 without calling the route', async () => {
    const bodies: string[] = [];
    const route: HttpRoute = {
      method: 'POST',
      path: '/hook',
      handle: (req, res) => {
        bodies.push(readBody(req).toString());
        res.end('ok');
      },
    };
    const { base } = await start({ routes: [route] });
    const ok = await fetch(`${base}/hook`, { method: 'POST', body: 'hello' });
    expect(await ok.text()).toBe('ok');

    const big = await fetch(`${base}/hook`, { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('payload_too_large');

    // chunked upload with no content-length: the cap still holds
    const chunk = new Uint8Array(256 * 1024).fill(120);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 6; i++) c.enqueue(chunk);
        c.close();
      },
    });
    const chunked = await fetch(`${base}/hook`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(bodies).toEqual(['hello']);
    // and the server is still there
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('survives malformed HTTP and a throwing route', async () => {
    const { base, port } = await start({
      routes: [
        {
          method: 'GET',
          path: '/boom',
          handle: () => {
            throw new Error('bug');
          },
        },
      ],
    });
    const raw = await rawRequest(port, 'GARBAGE \x00\x01 nonsense\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'internal_error' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
