/**
 * The fake REST API under /api/v10: the routes discord.js calls for this bot, answering with the
 * API's JSON shapes and error codes (10003 Unknown Channel, 10008 Unknown Message, 50013 Missing
 * Permissions, 160004 thread already exists), per-route rate-limit headers, and 429s when a rule
 * is enforced or a test asks for one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FakeGateway } from './gateway.js';
import type { RateLimits } from './rate-limits.js';
import { snowflake } from './snowflake.js';
import { ChannelType, type ApiChannel, type ApiMessage, type FakeState } from './state.js';
import { readBody } from '../read-body.js';
import { FakeIncidentRoutes } from './incident-routes.js';

export interface RecordedCall {
  method: string;
  /** path after /api/v10, e.g. /channels/123/messages */
  path: string;
  query: URLSearchParams;
  body: any;
  status: number;
  at: number;
  /** performance.now() when the request was handled, for latency figures */
  hr: number;
}

type Reply = { status: number; json?: unknown };
type Handler = (m: RegExpMatchArray, body: any, query: URLSearchParams) => Reply;

const err = (status: number, code: number, message: string): Reply => ({ status, json: { message, code } });

export class FakeRest {
  readonly calls: RecordedCall[] = [];
  private forced: { method: string; path: RegExp; retryAfterSec: number }[] = [];
  private listeners = new Set<(c: RecordedCall) => void>();
  private routes: [string, RegExp, Handler][];
  /** incident channels, pins, attachments, and the permissions they need */
  readonly incident: FakeIncidentRoutes;

  constructor(
    private state: FakeState,
    private gateway: FakeGateway,
    private limits: RateLimits,
    private gatewayUrl: () => string,
  ) {
    const s = state;
    this.incident = new FakeIncidentRoutes(state);
    this.routes = [
      ['POST', /^\/guilds\/(\d+)\/channels$/, (m, body) => this.announceChannel(this.incident.createChannel(m[1]!, body))],
      ['PATCH', /^\/channels\/(\d+)$/, (m, body) => this.incident.patchChannel(m[1]!, body)],
      ['PUT', /^\/channels\/(\d+)\/pins\/(\d+)$/, (m) => this.incident.pin(m[1]!, m[2]!)],
      ['GET', /^\/gateway\/bot$/, () => ({ status: 200, json: { url: this.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } } })],
      ['GET', /^\/gateway$/, () => ({ status: 200, json: { url: this.gatewayUrl() } })],
      ['GET', /^\/users\/@me$/, () => ({ status: 200, json: s.botUser })],
      ['GET', /^\/users\/(\d+)$/, (m) => (s.users.get(m[1]!) ? { status: 200, json: s.users.get(m[1]!) } : err(404, 10013, 'Unknown User'))],
      ['POST', /^\/users\/@me\/channels$/, (_m, body) => this.dmChannel(String(body?.recipient_id))],
      ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (m) => (s.members.get(m[2]!) ? { status: 200, json: s.members.get(m[2]!) } : err(404, 10007, 'Unknown Member'))],
      ['GET', /^\/guilds\/(\d+)\/roles$/, () => ({ status: 200, json: [...s.roles.values()] })],
      ['GET', /^\/channels\/(\d+)$/, (m) => (s.channels.get(m[1]!) ? { status: 200, json: s.channels.get(m[1]!) } : err(404, 10003, 'Unknown Channel'))],
      ['POST', /^\/channels\/(\d+)\/messages$/, (m, body) => this.postMessage(m[1]!, body)],
      ['GET', /^\/channels\/(\d+)\/messages\/(\d+)$/, (m) => this.withMessage(m, (msg) => ({ status: 200, json: s.messageJson(msg) }))],
      ['PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, (m, body) => this.withMessage(m, (msg) => this.edit(msg, body))],
      ['DELETE', /^\/channels\/(\d+)\/messages\/(\d+)$/, (m) => this.withMessage(m, (msg) => (s.messages.delete(msg.id), { status: 204 }))],
      ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, (m, body) => this.withMessage(m, (msg) => this.startThread(msg, body))],
      ['PUT', /^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)\/@me$/, (m) => this.withMessage(m, (msg) => this.botReact(msg, decodeURIComponent(m[3]!)))],
      ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (m, body, q) => this.callback(m[1]!, m[2]!, body, q)],
      ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (m, body) => this.editOriginal(m[2]!, body)],
      ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (m) => this.getOriginal(m[2]!)],
      ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (m, body) => this.followUp(m[2]!, body)],
      ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/, (m, body) => this.editWebhookMessage(m[3]!, body)],
      ['PUT', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (m, body) => this.putCommands(m[2]!, body)],
      ['GET', /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (m) => ({ status: 200, json: s.commands.get(m[2]!) ?? [] })],
      ['PUT', /^\/applications\/(\d+)\/commands$/, (_m, body) => this.putCommands('global', body)],
      ['GET', /^\/applications\/(\d+)\/commands$/, () => ({ status: 200, json: s.commands.get('global') ?? [] })],
    ];
  }

  /** the next matching request gets a 429 with this Retry-After */
  force429(method: string, path: RegExp, retryAfterSec = 0.05): void {
    this.forced.push({ method, path, retryAfterSec });
  }

  onCall(fn: (c: RecordedCall) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let body: any = undefined;
    if (raw.length && String(req.headers['content-type']).includes('application/json')) body = JSON.parse(raw);
    let files: { filename: string; content: string }[] = [];
    const form = raw.length ? this.incident.multipart('', String(req.headers['content-type'] ?? ''), raw) : undefined;
    if (form && 'payload' in form) {
      body = form.payload;
      files = form.files;
    }
    const headers: Record<string, string> = {};
    let reply: Reply;
    const isCallback = path.startsWith('/interactions/');
    const forcedIdx = this.forced.findIndex((f) => f.method === method && f.path.test(path));
    const needsAuth = !isCallback && !path.startsWith('/webhooks/') && !path.startsWith('/gateway');
    if (needsAuth && !String(req.headers.authorization ?? '').startsWith('Bot ')) {
      reply = err(401, 0, '401: Unauthorized');
    } else if (forcedIdx >= 0) {
      const f = this.forced.splice(forcedIdx, 1)[0]!;
      headers['retry-after'] = String(f.retryAfterSec);
      headers['x-ratelimit-scope'] = 'user';
      reply = { status: 429, json: { message: 'You are being rate limited.', retry_after: f.retryAfterSec, global: false } };
    } else {
      // Interaction callbacks are exempt from rate limits, as on Discord.
      const rl = isCallback ? undefined : this.limits.take(method, path);
      if (rl) Object.assign(headers, rl.headers);
      if (rl?.limited) {
        reply = { status: 429, json: { message: 'You are being rate limited.', retry_after: rl.retryAfterSec, global: false } };
      } else {
        reply = form && 'status' in form ? form : this.route(method, path, body, url.searchParams);
      }
    }
    const posted = reply.json as { id?: string; channel_id?: string } | undefined;
    if (files.length && reply.status < 300 && posted?.id) for (const f of files) this.incident.attachments.push({ channelId: posted.channel_id ?? '', messageId: posted.id, ...f });
    const call: RecordedCall = { method, path, query: url.searchParams, body, status: reply.status, at: Date.now(), hr: performance.now() };
    this.calls.push(call);
    for (const l of this.listeners) l(call);
    if (reply.json === undefined) {
      res.writeHead(reply.status, headers).end();
    } else {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
    }
  }

  private route(method: string, path: string, body: any, query: URLSearchParams): Reply {
    for (const [m, re, h] of this.routes) {
      if (m !== method) continue;
      const match = path.match(re);
      if (match) return h(match, body, query);
    }
    return err(404, 0, '404: Not Found');
  }

  private withMessage(m: RegExpMatchArray, fn: (msg: ApiMessage) => Reply): Reply {
    if (!this.state.channels.has(m[1]!)) return err(404, 10003, 'Unknown Channel');
    const msg = this.state.messages.get(m[2]!);
    if (!msg || msg.channel_id !== m[1]) return err(404, 10008, 'Unknown Message');
    return fn(msg);
  }

  private postMessage(channelId: string, body: any): Reply {
    const channel = this.state.channels.get(channelId);
    if (!channel) return err(404, 10003, 'Unknown Channel');
    const tooBig = checkLimits(body);
    if (tooBig) return { status: 400, json: { message: 'Invalid Form Body', code: 50035, errors: tooBig } };
    const msg = this.state.newMessage(channelId, this.state.botUser, body ?? {});
    this.state.messages.set(msg.id, msg);
    if (channel.type === ChannelType.PublicThread) channel.message_count = (channel.message_count ?? 0) + 1;
    return { status: 200, json: this.state.messageJson(msg) };
  }

  private edit(msg: ApiMessage, body: any): Reply {
    const tooBig = checkLimits(body);
    if (tooBig) return { status: 400, json: { message: 'Invalid Form Body', code: 50035, errors: tooBig } };
    if (body && 'content' in body) msg.content = body.content ?? '';
    if (body && 'embeds' in body) msg.embeds = body.embeds ?? [];
    if (body && 'components' in body) msg.components = body.components ?? [];
    if (body && 'allowed_mentions' in body) msg.allowed_mentions = body.allowed_mentions;
    msg.edited_timestamp = new Date().toISOString();
    return { status: 200, json: this.state.messageJson(msg) };
  }

  /** Discord tells the gateway about a channel it created (CHANNEL_CREATE), so clients cache it */
  private announceChannel(reply: Reply): Reply {
    if (reply.status < 300) this.gateway.dispatch('CHANNEL_CREATE', reply.json);
    return reply;
  }

  private startThread(msg: ApiMessage, body: any): Reply {
    if (!this.state.threadsAllowed) return err(403, 50013, 'Missing Permissions');
    if (this.state.channels.has(msg.id)) return err(400, 160004, 'A thread has already been created for this message');
    const parent = this.state.channels.get(msg.channel_id)!;
    // Threads do not nest: Discord refuses a thread from a message that is itself in a thread.
    if (parent.type === ChannelType.PublicThread) return err(400, 50024, 'Cannot execute action on this channel type');
    // A thread started from a message takes the message's id.
    const thread: ApiChannel = {
      id: msg.id,
      type: ChannelType.PublicThread,
      name: String(body?.name ?? 'thread'),
      guild_id: parent.guild_id,
      parent_id: parent.id,
      owner_id: this.state.botUser.id,
      thread_metadata: { archived: false, auto_archive_duration: Number(body?.auto_archive_duration ?? 1440), archive_timestamp: new Date().toISOString(), locked: false },
      message_count: 0,
      member_count: 1,
    };
    this.state.channels.set(thread.id, thread);
    this.gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return { status: 201, json: thread };
  }

  private botReact(msg: ApiMessage, emoji: string): Reply {
    const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, null];
    addReaction(msg, { id: id ?? null, name: name! }, this.state.botUser.id, true);
    // Discord tells the bot about its own reactions too; the adapter must ignore them.
    this.gateway.dispatch('MESSAGE_REACTION_ADD', {
      user_id: this.state.botUser.id,
      channel_id: msg.channel_id,
      message_id: msg.id,
      guild_id: this.state.guildId,
      emoji: { id: id ?? null, name },
      burst: false,
      type: 0,
    });
    return { status: 204 };
  }

  private callback(id: string, token: string, body: any, query: URLSearchParams): Reply {
    const it = this.state.interactions.get(id);
    if (!it || it.token !== token) return err(404, 10062, 'Unknown interaction');
    if (it.responded !== null) return err(400, 40060, 'Interaction has already been acknowledged.');
    it.responded = Number(body?.type);
    if (it.responded === 4) it.original = this.webhookMessage(it.channelId, body?.data ?? {});
    if (query.get('with_response') === 'true') {
      return { status: 200, json: { interaction: { id, type: 2, response_message_loading: it.responded === 5, response_message_ephemeral: false }, resource: { type: it.responded } } };
    }
    return { status: 204 };
  }

  private byToken(token: string) {
    return [...this.state.interactions.values()].find((i) => i.token === token);
  }

  private webhookMessage(channelId: string, data: any): ApiMessage {
    const msg = this.state.newMessage(channelId, this.state.botUser, data);
    msg.webhook_id = this.state.applicationId;
    msg.application_id = this.state.applicationId;
    this.state.webhookMessages.set(msg.id, msg);
    return msg;
  }

  private editOriginal(token: string, body: any): Reply {
    const it = this.byToken(token);
    if (!it || it.responded === null) return err(404, 10015, 'Unknown Webhook');
    it.original ??= this.webhookMessage(it.channelId, {});
    return this.edit(it.original, body);
  }

  private getOriginal(token: string): Reply {
    const it = this.byToken(token);
    if (!it?.original) return err(404, 10008, 'Unknown Message');
    return { status: 200, json: this.state.messageJson(it.original) };
  }

  private followUp(token: string, body: any): Reply {
    const it = this.byToken(token);
    if (!it || it.responded === null) return err(404, 10015, 'Unknown Webhook');
    const msg = this.webhookMessage(it.channelId, body ?? {});
    return { status: 200, json: this.state.messageJson(msg) };
  }

  private editWebhookMessage(id: string, body: any): Reply {
    const msg = this.state.webhookMessages.get(id);
    return msg ? this.edit(msg, body) : err(404, 10008, 'Unknown Message');
  }

  private dmChannel(recipientId: string): Reply {
    const u = this.state.users.get(recipientId);
    if (!u) return err(400, 50035, 'Invalid Form Body');
    let dm = [...this.state.channels.values()].find((c) => c.type === ChannelType.DM && c.recipients?.[0]?.id === recipientId);
    if (!dm) {
      dm = { id: snowflake(), type: ChannelType.DM, recipients: [u] };
      this.state.channels.set(dm.id, dm);
    }
    return { status: 200, json: dm };
  }

  private putCommands(key: string, body: any): Reply {
    if (!Array.isArray(body)) return err(400, 50035, 'Invalid Form Body');
    const saved = body.map((c: Record<string, unknown>) => ({ id: snowflake(), application_id: this.state.applicationId, version: snowflake(), type: 1, ...c }));
    this.state.commands.set(key, saved);
    return { status: 200, json: saved };
  }
}

export function addReaction(msg: ApiMessage, emoji: { id: string | null; name: string }, userId: string, me: boolean): void {
  const key = emoji.id ?? emoji.name;
  let r = msg.reactions.find((x) => (x.emoji.id ?? x.emoji.name) === key);
  if (!r) {
    r = { emoji, count: 0, me: false, users: [] };
    msg.reactions.push(r);
  }
  if (!r.users.includes(userId)) {
    r.users.push(userId);
    r.count++;
  }
  r.me ||= me;
}

/** Discord's message limits: a body over any of them is a 400, never truncated by Discord either. */
function checkLimits(body: any): string[] | null {
  const problems: string[] = [];
  if (typeof body?.content === 'string' && body.content.length > 2000) problems.push('content over 2000');
  const embeds: any[] = Array.isArray(body?.embeds) ? body.embeds : [];
  if (embeds.length > 10) problems.push('more than 10 embeds');
  let total = 0;
  for (const e of embeds) {
    const title = String(e.title ?? ''), desc = String(e.description ?? ''), footer = String(e.footer?.text ?? '');
    if (title.length > 256) problems.push('title over 256');
    if (desc.length > 4096) problems.push('description over 4096');
    if (footer.length > 2048) problems.push('footer over 2048');
    const fields: any[] = e.fields ?? [];
    if (fields.length > 25) problems.push('more than 25 fields');
    total += title.length + desc.length + footer.length;
    for (const f of fields) {
      if (String(f.name).length > 256) problems.push('field name over 256');
      if (String(f.value).length > 1024) problems.push('field value over 1024');
      total += String(f.name).length + String(f.value).length;
    }
  }
  if (total > 6000) problems.push('embeds over 6000 characters');
  return problems.length ? problems : null;
}
