/**
 * The bot's own HTTP server on node:http: liveness, readiness, Prometheus metrics, and routes
 * mounted by integrations (the built-in status page, Slack's HTTP receiver). A bad request
 * gets a 4xx; nothing a client sends can take the process down.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Exposition } from './metrics.js';

import { errorMessage, isOpsError } from '../core/errors.js';
import { bufferBody, MAX_BODY_BYTES, type BufferedRequest } from './body.js';
import { sendJson, sendText } from './json-response.js';
import type { HttpRoute } from './route.js';
import { redactResponses } from './redacting-response.js';
import type { Redactor } from '../core/redact/types.js';

const CLOSE_GRACE_MS = 5_000;

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: HttpRoute[];
  /** named checks (store, adapters); /readyz is 200 only when all are true. A throwing check counts as false. */
  readiness: () => Promise<Record<string, boolean>>;
  metrics: Exposition;
  logger: Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;
  /** defaults to 1 MB */
  maxBodyBytes?: number;
  /** every response body passes it (redacting-response.ts) */
  redactor?: Redactor;
}

export interface HttpServer {
  /** resolves with the bound port (useful with port 0) */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const builtins: HttpRoute[] = [
    { method: 'GET', path: '/healthz', handle: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        let checks: Record<string, boolean>;
        try {
          checks = await opts.readiness();
        } catch (err) {
          opts.logger.warn({ err }, 'readiness check failed');
          checks = { readiness: false };
        }
        const ready = Object.values(checks).every((v) => v === true);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_req, res) => {
        const text = await opts.metrics.metrics();
        sendText(res, 200, opts.metrics.contentType, text);
      },
    },
  ];
  const routes = [...builtins, ...opts.routes];

  const server: Server = createServer((req, res) => {
    if (opts.redactor) redactResponses(res, opts.redactor);
    void handle(req, res).catch((err: unknown) => {
      opts.logger.error({ err, url: req.url }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
  // Malformed HTTP (bad request line, oversized headers) never reaches the handler.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    opts.logger.debug({ err: errorMessage(err) }, 'http client error');
    if (socket.writable && err.code !== 'ECONNRESET') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else {
      socket.destroy();
    }
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJson(res, 400, { error: 'bad_request', message: 'malformed URL' });
      return;
    }
    if (hasBody(req)) {
      try {
        (req as BufferedRequest).rawBody = await bufferBody(req, maxBody);
      } catch (err) {
        if (isOpsError(err, 'HTTP_BODY_TOO_LARGE')) {
          sendJson(res, 413, { error: 'payload_too_large', message: `request body limit is ${maxBody} bytes` }, { connection: 'close' });
        } else {
          sendJson(res, 400, { error: 'bad_request', message: 'could not read request body' }, { connection: 'close' });
        }
        return;
      }
    }
    const method = req.method ?? 'GET';
    const onPath = routes.filter((r) => matches(r.path, url.pathname));
    if (onPath.length === 0) {
      sendJson(res, 404, { error: 'not_found', path: url.pathname });
      return;
    }
    // HEAD is answered by the GET route; node:http drops the body for HEAD responses.
    const route = onPath.find((r) => r.method === method) ?? (method === 'HEAD' ? onPath.find((r) => r.method === 'GET') : undefined);
    if (!route) {
      const allow = [...new Set(onPath.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method])))].join(', ');
      sendJson(res, 405, { error: 'method_not_allowed', allow }, { allow });
      return;
    }
    await route.handle(req, res, url);
  }

  return {
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port, opts.host, () => {
          server.off('error', reject);
          const port = (server.address() as AddressInfo).port;
          opts.logger.info({ port, host: opts.host ?? '0.0.0.0' }, 'http server listening');
          resolve(port);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; idle ones can go now, in-flight
        // requests get a grace period to finish.
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
      }),
  };
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (len !== undefined && len !== '0');
}

function matches(pattern: string, pathname: string): boolean {
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1); // keep the trailing slash
    return pathname.startsWith(prefix) || pathname === prefix.slice(0, -1);
  }
  return pattern === pathname;
}
