/**
 * The Slack ChatAdapter on @slack/bolt. Bolt does the protocol (Socket Mode or the HTTP route
 * receiver, acks, retries); this class turns its events into core values and renders core
 * messages. Every slash command and button press is acknowledged before any other work, so the
 * 3-second deadline holds however slow a run is.
 */
import type { Receiver, webApi } from '@slack/bolt';
import type { Logger } from 'pino';

import type { Actor, ChannelRef, ChatAdapter, ChatHandlers, MessageRef, PostOptions } from '../../core/chat.js';
import type { Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact/types.js';
import type { Message } from '../../core/message.js';
import { slackApprovers } from './approver-config.js';
import { ApproverRoles } from './approver-roles.js';
import { boltLogger } from './bolt-logger.js';
import { App, SocketModeReceiver } from './bolt-modules.js';
import { ChannelPacer } from './channel-pacer.js';
import { commandName, slackActor, toActions, toInvocation, toReaction, type BlockActionsBody, type ReactionEvent, type SlashPayload } from './map-events.js';
import { MessageSender } from './message-sender.js';
import { NotInChannel } from './not-in-channel.js';
import { RecentIds } from './recent-ids.js';
import { redactingFetch } from './redacting-client.js';
import type { RouteReceiver } from './route-receiver.js';
import { UserNames } from './user-names.js';
import { SlackIncidentChannels } from './incident-channels.js';

export interface SlackAdapterDeps {
  botToken: string;
  /** Socket Mode when set; otherwise `routeReceiver` must be given */
  appToken?: string;
  routeReceiver?: RouteReceiver;
  clientOptions: webApi.WebClientOptions;
  /** channel ids where commands are taken; empty = anywhere */
  channels: string[];
  approverGroups: string[];
  approverUsers: string[];
  /** known command names (without slash) */
  commands: string[];
  logger: Logger;
  clock: Clock;
  groupRefreshMs?: number;
  /** every Web API call's arguments pass it on the way out (redacting-client.ts) */
  redactor?: Redactor;
  /** incident channels as private channels (needs groups:write) */
  privateIncidentChannels?: boolean;
}

export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack';
  private app: App | undefined;
  private socket: SocketModeReceiver | undefined;
  private connected = false;
  private handlers: ChatHandlers | undefined;
  /** the bot user (auth.test): reactions on anyone else's messages are not ours to answer */
  private botUserId: string | undefined;
  private readonly client: webApi.WebClient;
  private readonly sender: MessageSender;
  private readonly roles: ApproverRoles;
  private readonly approverIds: { roles: string[]; users: string[] };
  private readonly names: UserNames;
  private readonly notInChannel: NotInChannel;
  private readonly seenEvents = new RecentIds(2000);
  readonly incidentChannels: SlackIncidentChannels;

  constructor(private readonly deps: SlackAdapterDeps) {
    const logger = boltLogger(deps.logger);
    const clientOptions: webApi.WebClientOptions = {
      ...deps.clientOptions,
      ...(deps.redactor ? { fetch: redactingFetch(deps.redactor, deps.clientOptions.fetch) } : {}),
    };
    if (deps.appToken) {
      this.socket = new SocketModeReceiver({ appToken: deps.appToken, logger, installerOptions: { clientOptions: { ...deps.clientOptions } } });
      this.socket.client.on('connected', () => (this.connected = true));
      this.socket.client.on('disconnected', () => (this.connected = false));
      this.socket.client.on('reconnecting', () => (this.connected = false));
    } else if (!deps.routeReceiver) {
      throw new OpsError('SLACK_CONFIG', 'Slack needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)');
    }
    const receiver: Receiver = this.socket ?? deps.routeReceiver!;
    this.app = new App({
      token: deps.botToken,
      receiver,
      socketMode: Boolean(this.socket),
      logger,
      clientOptions,
    });
    this.client = this.app.client;
    this.sender = new MessageSender(this.client, new ChannelPacer({ clock: deps.clock }));
    this.approverIds = slackApprovers({ approverGroups: deps.approverGroups, approverUsers: deps.approverUsers });
    this.roles = new ApproverRoles({
      client: this.client,
      groups: deps.approverGroups,
      clock: deps.clock,
      logger: deps.logger,
      ...(deps.groupRefreshMs !== undefined ? { refreshMs: deps.groupRefreshMs } : {}),
    });
    this.names = new UserNames(this.client, deps.logger);
    this.incidentChannels = new SlackIncidentChannels(this.client, this.names, deps.logger, { privateChannels: deps.privateIncidentChannels ?? false, botUserId: () => this.botUserId });
    this.notInChannel = new NotInChannel(deps.logger, () => deps.clock.now());
    this.register(this.app);
  }

  async start(handlers: ChatHandlers): Promise<void> {
    this.handlers = handlers;
    try {
      // Fail at startup with a clear message, not on the first slash command.
      const auth = await this.client.auth.test();
      this.botUserId = typeof auth.user_id === 'string' ? auth.user_id : undefined;
    } catch (err) {
      throw new OpsError('SLACK_AUTH', `Slack rejected SLACK_BOT_TOKEN: ${(err as Error).message}`, { cause: err });
    }
    await this.app!.start();
    if (!this.socket) this.connected = true;
  }

  async stop(): Promise<void> {
    this.connected = false;
    await this.app?.stop();
  }

  ready(): boolean {
    return this.connected;
  }

  approvers(): { roles: string[]; users: string[] } {
    return this.approverIds;
  }

  watchRoles(ids: string[]): void {
    this.roles.watch(ids);
  }

  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
    try {
      return await this.sender.post(channel, message, options);
    } catch (err) {
      await this.notInChannel.explain(err, channel.id, channel.name);
      throw err;
    }
  }

  update(ref: MessageRef, message: Message): Promise<void> {
    return this.sender.update(ref, message);
  }

  async notify(actor: Actor, channel: ChannelRef, text: string): Promise<void> {
    try {
      await this.sender.notify(actor.id, channel.id, text, channel.thread);
    } catch (err) {
      if (!(await this.notInChannel.explain(err, channel.id, channel.name))) throw err;
    }
  }

  private register(app: App): void {
    const known = new Set(this.deps.commands);
    const allowed = this.deps.channels;

    app.command(/.*/, async ({ command, ack, respond }) => {
      const p = command as unknown as SlashPayload;
      const name = commandName(p.command);
      // An ack with a body is the command's answer (over the socket or the HTTP response, not through fetch): redacted here.
      const answer = (text: string) => ack({ response_type: 'ephemeral', text: this.deps.redactor?.redact(text) ?? text });
      if (allowed.length > 0 && !allowed.includes(p.channel_id)) {
        await answer(`opsbridge takes commands only in ${allowed.map((c) => `<#${c}>`).join(', ')}.`);
        return;
      }
      if (known.size > 0 && !known.has(name)) {
        await answer(`/${name} is not an opsbridge command. Known: ${[...known].map((c) => `/${c}`).join(', ')}`);
        return;
      }
      await ack();
      this.notInChannel.remember(p.channel_id, p.response_url ? respond : undefined, `/${name}${p.text ? ` ${p.text}` : ''}`);
      const receivedAt = this.deps.clock.now();
      await this.guard('invocation', async () => {
        this.names.remember(p.user_id, p.user_name);
        const roles = await this.roles.rolesFor(p.user_id);
        await this.handlers?.onInvocation(toInvocation(p, roles, receivedAt));
      });
    });

    app.event('reaction_added', async ({ event, body }) => {
      // Slack redelivers an event it thinks was not acknowledged; a vote must count once.
      const id = (body as { event_id?: string }).event_id;
      if (id && !this.seenEvents.add(id)) return;
      const e = event as unknown as ReactionEvent;
      // Slack sends every reaction in every channel the bot is in: only reactions on the bot's
      // own messages can concern it; on anyone else's message the bot says nothing at all.
      const bot = this.botUserId ?? (body as { authorizations?: { user_id?: string }[] }).authorizations?.[0]?.user_id;
      // 📌 is the exception: pinning anyone's message in an incident channel puts it on the timeline.
      const pin = e.reaction === 'pushpin' || e.reaction === 'round_pushpin';
      if (!e.item_user || (bot && e.item_user !== bot && !pin)) return;
      await this.guard('reaction', async () => {
        const actor = await this.actor(e.user);
        const reaction = toReaction(e, actor);
        if (reaction) await this.handlers?.onReaction(reaction);
      });
    });

    app.action({ type: 'block_actions' }, async ({ ack, body }) => {
      await ack();
      const b = body as unknown as BlockActionsBody;
      await this.guard('action', async () => {
        this.names.remember(b.user.id, b.user.username ?? b.user.name);
        const actor = await this.actor(b.user.id);
        for (const action of toActions(b, actor)) await this.handlers?.onAction(action);
      });
    });

    app.error(async (err) => {
      this.deps.logger.error({ err }, 'slack: unhandled Bolt error');
    });
  }

  private async actor(userId: string): Promise<Actor> {
    const [name, roles] = await Promise.all([this.names.nameOf(userId), this.roles.rolesFor(userId)]);
    return slackActor(userId, name, roles);
  }

  /** The ack is already sent; a failure here is logged, never turned into a Slack error. */
  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.deps.logger.error({ err }, `slack: ${what} handler failed`);
    }
  }
}
