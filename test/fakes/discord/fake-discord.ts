/**
 * A protocol-faithful fake Discord on 127.0.0.1: REST under /api/v10 and the gateway websocket on
 * the same port. Tests point the real discord.js client at `apiUrl`, then push events in as
 * Discord would (slash commands, button presses, reactions) and read what the bot sent from
 * `calls` and `state`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

import { FakeGateway } from './gateway.js';
import { RateLimits, type RateRule } from './rate-limits.js';
import { FakeRest, addReaction, type RecordedCall } from './rest.js';
import type { FakeIncidentRoutes } from './incident-routes.js';
import { snowflake } from './snowflake.js';
import { FakeState, type ApiChannel, type ApiMember, type ApiMessage, type ApiRole } from './state.js';

export type { RecordedCall } from './rest.js';
export type { ApiMember, ApiMessage, ApiChannel } from './state.js';

export interface FakeDiscordOptions {
  /** enforce Discord's per-channel send limit (e.g. 5 per 5 s): excess POSTs get 429 */
  messageLimit?: { limit: number; windowMs: number };
  /** every other route: headers for this bucket size (and enforced); default 50 per second */
  routeLimit?: { limit: number; windowMs: number };
  heartbeatIntervalMs?: number;
}

export interface SlashOption {
  name: string;
  /** 3 string, 4 integer, 5 boolean, 10 number */
  type: number;
  value: string | number | boolean;
}

export interface FakeDiscord {
  apiUrl: string;
  state: FakeState;
  gateway: FakeGateway;
  calls: RecordedCall[];
  /** incident channels, pins and attachments the bot made, and the permissions they need */
  incident: FakeIncidentRoutes;
  guildId: string;
  channel: ApiChannel;
  roles: { sre: ApiRole; oncall: ApiRole };
  members: { alice: ApiMember; bob: ApiMember; carol: ApiMember; dave: ApiMember };
  /** resolves once a client has identified (READY + GUILD_CREATE sent) */
  identified(): Promise<void>;
  slashCommand(p: { member: ApiMember; name: string; options?: SlashOption[]; channelId?: string }): { id: string; token: string; dispatchedAt: number };
  button(p: { member: ApiMember; message: ApiMessage; customId: string }): { id: string; token: string };
  react(p: { member: ApiMember; message: { id: string; channel_id: string }; emoji: { name: string; id?: string } }): void;
  /** a message someone else posted, stored but never announced to the client (so it is uncached) */
  seedMessage(channelId: string, content: string): ApiMessage;
  messagesIn(channelId: string): ApiMessage[];
  /** resolves with the first call (already made or future) matching pred */
  waitForCall(pred: (c: RecordedCall) => boolean): Promise<RecordedCall>;
  force429(method: string, path: RegExp, retryAfterSec?: number): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const state = new FakeState();
  const sre = state.addRole('SRE');
  const oncall = state.addRole('Oncall');
  const members = {
    alice: state.addMember('alice', [oncall.id]),
    bob: state.addMember('bob', [sre.id]),
    carol: state.addMember('carol', [sre.id, oncall.id]),
    dave: state.addMember('dave', []),
  };
  const channel = state.addChannel('incident');

  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}/gateway`;
  const rules: RateRule[] = [];
  if (opts.messageLimit) {
    const { limit, windowMs } = opts.messageLimit;
    rules.push({ key: (m, r) => (m === 'POST' && /^\/channels\/\d+\/messages$/.test(r) ? 'send:' + r : null), limit, windowMs, enforce: true });
  }
  const route = opts.routeLimit ?? { limit: 50, windowMs: 1000 };
  rules.push({ key: (m, r) => `${m}:${r}`, limit: route.limit, windowMs: route.windowMs, enforce: true });

  const gateway = new FakeGateway(state, gatewayUrl, opts.heartbeatIntervalMs ?? 45_000);
  const rest = new FakeRest(state, gateway, new RateLimits(rules), gatewayUrl);
  const server: Server = createServer((req, res) => {
    rest.handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(e), code: 0 }));
    });
  });
  server.on('upgrade', (req, sock, head) => gateway.handleUpgrade(req, sock, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  let identifiedOnce = false;
  const identifiedWaiters: (() => void)[] = [];
  gateway.on('identified', () => {
    identifiedOnce = true;
    identifiedWaiters.splice(0).forEach((f) => f());
  });

  const memberJson = (m: ApiMember) => ({ ...m, permissions: '2199023255551' });
  const baseInteraction = (type: number, m: ApiMember, channelId: string) => {
    const id = snowflake();
    const token = 'tok_' + randomBytes(12).toString('hex');
    state.interactions.set(id, { id, token, userId: m.user.id, channelId, responded: null });
    const ch = state.channels.get(channelId);
    return {
      id,
      token,
      payload: {
        id,
        application_id: state.applicationId,
        type,
        token,
        version: 1,
        guild_id: state.guildId,
        guild: { id: state.guildId, locale: 'en-US', features: [] },
        channel_id: channelId,
        channel: ch,
        member: memberJson(m),
        app_permissions: '2199023255551',
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': state.guildId },
        context: 0,
        attachment_size_limit: 10485760,
      },
    };
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    state,
    gateway,
    calls: rest.calls,
    incident: rest.incident,
    guildId: state.guildId,
    channel,
    roles: { sre, oncall },
    members,
    identified: () => (identifiedOnce ? Promise.resolve() : new Promise((r) => identifiedWaiters.push(r))),
    slashCommand({ member, name, options = [], channelId = channel.id }) {
      const { id, token, payload } = baseInteraction(2, member, channelId);
      const cmd = state.commands.get(state.guildId)?.find((c: any) => c.name === name) as { id?: string } | undefined;
      const dispatchedAt = performance.now();
      gateway.dispatch('INTERACTION_CREATE', { ...payload, data: { id: cmd?.id ?? snowflake(), name, type: 1, options, guild_id: state.guildId } });
      return { id, token, dispatchedAt };
    },
    button({ member, message, customId }) {
      const { id, token, payload } = baseInteraction(3, member, message.channel_id);
      gateway.dispatch('INTERACTION_CREATE', { ...payload, message: state.messageJson(message), data: { custom_id: customId, component_type: 2 } });
      return { id, token };
    },
    react({ member, message, emoji }) {
      const stored = state.messages.get(message.id);
      if (stored) addReaction(stored, { id: emoji.id ?? null, name: emoji.name }, member.user.id, false);
      gateway.dispatch('MESSAGE_REACTION_ADD', {
        user_id: member.user.id,
        channel_id: message.channel_id,
        message_id: message.id,
        guild_id: state.guildId,
        member: memberJson(member),
        emoji: { id: emoji.id ?? null, name: emoji.name, ...(emoji.id ? { animated: false } : {}) },
        burst: false,
        burst_colors: [],
        type: 0,
        message_author_id: stored?.author.id,
      });
    },
    seedMessage(channelId, content) {
      const msg = state.newMessage(channelId, members.dave.user, { content });
      state.messages.set(msg.id, msg);
      return msg;
    },
    messagesIn: (channelId) => [...state.messages.values()].filter((m) => m.channel_id === channelId),
    waitForCall(pred) {
      const done = rest.calls.find(pred);
      if (done) return Promise.resolve(done);
      return new Promise((resolve) => {
        const off = rest.onCall((c) => {
          if (pred(c)) {
            off();
            resolve(c);
          }
        });
      });
    },
    force429: (method, path, retryAfterSec) => rest.force429(method, path, retryAfterSec),
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
