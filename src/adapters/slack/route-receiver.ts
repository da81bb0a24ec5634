/**
 * HTTP mode: a Bolt Receiver fed by a route of the bot's own HTTP server (`POST /slack/events`),
 * so several replicas behind a load balancer serve Slack without a second listening port.
 * Signatures are checked with Bolt's own verifySlackRequest before anything is parsed;
 * a bad or stale (> 5 minutes, either direction) signature gets 401 and reaches no listener.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';

import type { HttpRoute } from '../../http/route.js';

import { verifySlackRequest } from './bolt-modules.js';
import { SLACK_EVENTS_PATH } from './events-path.js';

export { SLACK_EVENTS_PATH };

const MAX_BODY = 1024 * 1024;
const MAX_SKEW_SEC = 5 * 60;
/** Bolt answers unacknowledged requests after 3 s; Slack gives up at 3 s and retries. */
const UNHANDLED_MS = 3001;

export interface RouteReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** wall clock for the staleness check (tests pass a fixed one) */
  now?: () => number;
}

export class RouteReceiver implements Receiver {
  private app: App | undefined;
  private running = false;

  constructor(private readonly opts: RouteReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
  }

  route(): HttpRoute {
    return { method: 'POST', path: SLACK_EVENTS_PATH, handle: (req, res) => this.handle(req, res) };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw: Buffer;
    try {
      raw = await readRaw(req);
    } catch {
      return reply(res, 413);
    }
    const body = raw.toString('utf8');
    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    const nowMs = (this.opts.now ?? Date.now)();
    try {
      // Bolt checks only the past; a timestamp from the future is just as replayable.
      if (!Number.isFinite(timestamp) || timestamp - nowMs / 1000 > MAX_SKEW_SEC) throw new Error('request timestamp is in the future');
      verifySlackRequest({
        signingSecret: this.opts.signingSecret,
        body,
        headers: { 'x-slack-signature': header(req, 'x-slack-signature'), 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message, ip: req.socket.remoteAddress }, 'slack request rejected: bad signature');
      return reply(res, 401);
    }
    let parsed: Record<string, unknown>;
    try {
      parsed = parseBody(body, header(req, 'content-type'));
    } catch {
      return reply(res, 400);
    }
    if (parsed.ssl_check === '1') return reply(res, 200);
    if (parsed.type === 'url_verification') return reply(res, 200, { challenge: parsed.challenge });
    if (!this.running || !this.app) return reply(res, 503);

    let acked = false;
    const unhandled = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.opts.logger.warn({ type: parsed.type }, 'slack request not acknowledged in time');
      reply(res, 404);
    }, UNHANDLED_MS);
    unhandled.unref();
    const event: ReceiverEvent = {
      body: parsed,
      retryNum: numberOrUndefined(header(req, 'x-slack-retry-num')),
      retryReason: header(req, 'x-slack-retry-reason') || undefined,
      ack: async (response?: unknown) => {
        if (acked) return; // a late second ack is harmless; Bolt's HTTPReceiver only logs it too
        acked = true;
        clearTimeout(unhandled);
        reply(res, 200, response);
      },
    };
    try {
      await this.app.processEvent(event);
    } catch (err) {
      this.opts.logger.error({ err }, 'slack event processing failed');
      if (!acked) {
        acked = true;
        clearTimeout(unhandled);
        reply(res, 500);
      }
    }
  }
}

function readRaw(req: IncomingMessage): Promise<Buffer> {
  // The bot's server buffers bodies up front (src/http/body.ts leaves them on req.rawBody).
  const pre = (req as IncomingMessage & { rawBody?: Buffer }).rawBody;
  if (Buffer.isBuffer(pre)) return Promise.resolve(pre);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(body: string, contentType: string): Record<string, unknown> {
  if (contentType.startsWith('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const form = parseQuery(body) as Record<string, unknown>;
  // Interactivity arrives as form field `payload` holding JSON.
  if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
  return form;
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

function numberOrUndefined(v: string): number | undefined {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) ? n : undefined;
}

function reply(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === '') {
    res.writeHead(status, { 'content-length': '0' }).end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
  } else {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }
}
