/**
 * A protocol-faithful fake Slack on 127.0.0.1 for driving the real @slack/bolt client:
 * - Web API at `${apiUrl}<method>`: form-encoded or JSON bodies (blocks arrive as JSON strings
 *   inside the form, as WebClient sends them), `{ok:false,error}` answers, 429 + Retry-After on demand;
 * - Socket Mode: apps.connections.open hands out a ws:// URL; the socket says {type:'hello'},
 *   delivers envelopes and resolves each delivery with the client's {envelope_id, payload} ack;
 * - response_url endpoints that record what `respond()` sends.
 * Every call is recorded so tests can read what a user would see in the channel.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebSocketServer, type WebSocket } from 'ws';
import { readBody } from '../read-body.js';
import { ALL_SCOPES, FakeSlackChannels, type HistoryMessage } from './fake-channels.js';

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
  /** how many times chat.update changed it */
  edits: number;
  deleted: boolean;
}

export interface Ephemeral {
  channel: string;
  user: string;
  text: string;
  thread_ts?: string;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  /** user group id → member ids */
  userGroups?: Record<string, string[]>;
  /** user id → display name */
  users?: Record<string, string>;
  /** enforce Slack's chat.postMessage pace per channel (about 1 per second, short bursts): excess posts get 429 + Retry-After */
  postLimit?: { limit: number; windowMs: number };
  /** channels the bot is not a member of: posting there fails not_in_channel, as on Slack */
  notMemberOf?: string[];
  /** the bot token's OAuth scopes (default: all the bot asks for); methods without theirs fail missing_scope */
  scopes?: string[];
}

interface Failure {
  status: number;
  retryAfter?: number;
  error?: string;
  times: number;
}

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly teamId = 'T0OPS';
  readonly appId = 'A0OPS';
  readonly userGroups: Record<string, string[]>;
  readonly users: Record<string, string>;
  readonly notMemberOf: Set<string>;
  readonly calls: ApiCall[] = [];
  /** 429s answered because of postLimit */
  throttled = 0;
  private readonly postLimit: { limit: number; windowMs: number } | undefined;
  private readonly postWindows = new Map<string, { start: number; count: number }>();
  readonly messages: PostedMessage[] = [];
  readonly ephemerals: Ephemeral[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  /** envelopes acked by the Socket Mode client, in order */
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private readonly failures = new Map<string, Failure[]>();
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<WebSocket>();
  private readonly pendingAcks = new Map<string, (payload: unknown) => void>();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private tsCounter = 0;
  port = 0;
  /** messages people wrote (userMessage), for conversations.history */
  readonly userMessages: HistoryMessage[] = [];
  readonly channelApi: FakeSlackChannels;

  constructor(opts: FakeSlackOptions = {}) {
    this.botToken = opts.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = opts.appToken ?? 'xapp-fake-app-token';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.userGroups = opts.userGroups ?? {};
    this.users = opts.users ?? {};
    this.notMemberOf = new Set(opts.notMemberOf ?? []);
    this.postLimit = opts.postLimit;
    this.events.setMaxListeners(100);
    this.channelApi = new FakeSlackChannels(new Set(opts.scopes ?? ALL_SCOPES), () => this.baseUrl, () => [
      ...this.userMessages,
      ...this.messages.map((m) => ({ channel: m.channel, ts: m.ts, user: this.botUserId, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) })),
    ]);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** what SLACK_API_URL should be */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<this> {
    this.wss = new WebSocketServer({ noServer: true });
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket-mode')) return socket.destroy();
      this.wss!.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls of `method` fail: 429 with Retry-After (seconds), or another status/error. */
  failNext(method: string, failure: { status?: number; retryAfter?: number; error?: string; times?: number } = {}): void {
    const list = this.failures.get(method) ?? [];
    list.push({ status: failure.status ?? 429, times: failure.times ?? 1, ...(failure.retryAfter !== undefined ? { retryAfter: failure.retryAfter } : {}), ...(failure.error ? { error: failure.error } : {}) });
    this.failures.set(method, list);
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** top-level messages and replies in a channel, in posting order, deleted ones left out */
  channelMessages(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.deleted);
  }

  thread(channel: string, rootTs: string): PostedMessage[] {
    return this.channelMessages(channel).filter((m) => m.thread_ts === rootTs);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  get socketConnected(): boolean {
    return this.sockets.size > 0;
  }

  /**
   * Resolves when `check` returns a truthy value, re-checked after every API call, ack and
   * connection. The timeout only turns a hang into a readable failure.
   */
  waitFor<T>(check: () => T | undefined | false | null, what = 'condition', timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = (): boolean => {
        const v = check();
        if (v) {
          cleanup();
          resolve(v);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake slack: timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.events.off('change', test);
      };
      this.events.on('change', test);
      test();
    });
  }

  /** Delivers a Socket Mode envelope; resolves with the payload of the client's ack. */
  async deliver(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>): Promise<unknown> {
    await this.waitFor(() => this.socketConnected, 'a Socket Mode connection');
    const envelope_id = randomUUID();
    const acked = new Promise<unknown>((resolve) => this.pendingAcks.set(envelope_id, resolve));
    const envelope = { envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' };
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
    return acked;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.changed();
    });
    ws.on('message', (data) => {
      let msg: { envelope_id?: string; payload?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      if (!msg.envelope_id) return;
      this.acks.push({ envelope_id: msg.envelope_id, payload: msg.payload });
      this.pendingAcks.get(msg.envelope_id)?.(msg.payload);
      this.pendingAcks.delete(msg.envelope_id);
      this.changed();
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 }, connection_info: { app_id: this.appId } }));
    this.changed();
  }

  private changed(): void {
    this.events.emit('change');
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/respond/')) {
      this.responses.push({ id: url.pathname.slice('/respond/'.length), body: JSON.parse(raw || '{}') as Record<string, unknown> });
      this.changed();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const ok = this.channelApi.upload(url.pathname.slice('/upload/'.length), raw);
      this.changed();
      res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' }).end(ok ? 'OK' : 'not found');
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const params = parseParams(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof params.token === 'string' ? params.token : undefined;
    this.calls.push({ method, params, token });

    const wait = method === 'chat.postMessage' ? this.overPostLimit(String(params.channel ?? '')) : undefined;
    if (wait !== undefined) {
      this.throttled++;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(wait) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      this.changed();
      return;
    }
    const failure = this.takeFailure(method);
    if (failure) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
      res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.error ?? 'ratelimited' }));
      this.changed();
      return;
    }
    const body = this.answer(method, params, token);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    this.changed();
  }

  /** Seconds to wait when this post exceeds the channel's window, else undefined (and the post counts). */
  private overPostLimit(channel: string): number | undefined {
    if (!this.postLimit) return undefined;
    const now = Date.now();
    let w = this.postWindows.get(channel);
    if (!w || now >= w.start + this.postLimit.windowMs) this.postWindows.set(channel, (w = { start: now, count: 0 }));
    if (w.count >= this.postLimit.limit) return Math.max(1, Math.ceil((w.start + this.postLimit.windowMs - now) / 1000));
    w.count++;
    return undefined;
  }

  private takeFailure(method: string): Failure | undefined {
    const list = this.failures.get(method);
    const f = list?.[0];
    if (!f) return undefined;
    f.times -= 1;
    if (f.times <= 0) list!.shift();
    return f;
  }

  private answer(method: string, p: Record<string, unknown>, token: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket-mode?ticket=${randomUUID()}` };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'opsbridge', team_id: this.teamId, user_id: this.botUserId, bot_id: 'B0OPS', is_enterprise_install: false };
      case 'chat.postMessage': {
        const channel = str(p.channel);
        if (!channel) return { ok: false, error: 'channel_not_found' };
        if (this.notMemberOf.has(channel)) return { ok: false, error: 'not_in_channel' };
        const blocks = Array.isArray(p.blocks) ? p.blocks : [];
        if (blocks.length > 50) return { ok: false, error: 'invalid_blocks' };
        const ts = this.nextTs();
        const m: PostedMessage = { channel, ts, text: str(p.text), blocks, edits: 0, deleted: false, ...(p.thread_ts ? { thread_ts: str(p.thread_ts) } : {}) };
        this.messages.push(m);
        return { ok: true, channel, ts, message: { type: 'message', text: m.text, user: this.botUserId, ts, blocks } };
      }
      case 'chat.update': {
        const m = this.message(str(p.channel), str(p.ts));
        if (!m || m.deleted) return { ok: false, error: 'message_not_found' };
        const blocks = Array.isArray(p.blocks) ? p.blocks : m.blocks;
        if (blocks.length > 50) return { ok: false, error: 'invalid_blocks' };
        m.text = p.text !== undefined ? str(p.text) : m.text;
        m.blocks = blocks;
        m.edits += 1;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text };
      }
      case 'chat.delete': {
        const m = this.message(str(p.channel), str(p.ts));
        if (!m || m.deleted) return { ok: false, error: 'message_not_found' };
        m.deleted = true;
        return { ok: true, channel: m.channel, ts: m.ts };
      }
      case 'chat.postEphemeral': {
        if (this.notMemberOf.has(str(p.channel))) return { ok: false, error: 'not_in_channel' };
        this.ephemerals.push({ channel: str(p.channel), user: str(p.user), text: str(p.text), ...(p.thread_ts ? { thread_ts: str(p.thread_ts) } : {}) });
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'usergroups.users.list': {
        const members = this.userGroups[str(p.usergroup)];
        if (!members) return { ok: false, error: 'no_such_subteam' };
        return { ok: true, users: members };
      }
      case 'users.info': {
        const id = str(p.user);
        const name = this.users[id];
        if (!name) return { ok: false, error: 'user_not_found' };
        return { ok: true, user: { id, team_id: this.teamId, name, real_name: name, profile: { display_name: name, real_name: name } } };
      }
      default:
        return this.channelApi.answer(method, p) ?? { ok: false, error: 'unknown_method' };
    }
  }

  /** A person writes in a channel (what conversations.history returns for 📌). */
  userMessage(channel: string, user: string, text: string): string {
    const ts = this.nextTs();
    this.userMessages.push({ channel, ts, user, text });
    return ts;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${1_767_225_600 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}


/** WebClient form-encodes; structured fields (blocks, attachments) are JSON strings inside the form. */
function parseParams(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = (k === 'blocks' || k === 'attachments') && v.startsWith('[') ? JSON.parse(v) : v;
  }
  return out;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
