/**
 * The Discord adapter on discord.js 14. Slash commands are deferred at once (ephemeral) and turned
 * into Invocations; the run itself lives in channel messages (a thread per run where permitted)
 * because it outlives the 15-minute interaction token. Reactions (partials fetched) and button
 * presses become Reactions and Actions. Everything sent disables mention parsing.
 *
 * This file is the connection and the answers to interactions; the parts live beside it, as in
 * the Slack adapter: map-events.ts (discord.js events → core values), message-sender.ts (posting,
 * editing and finding messages and their follow-ups).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type User,
} from 'discord.js';
import type { Logger } from 'pino';

import type { Actor, ChannelRef, ChatAdapter, ChatHandlers, MessageRef, PostOptions } from '../../core/chat.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { isPinEmoji } from '../../core/emoji.js';
import { OpsError, errorMessage } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import type { Redactor } from '../../core/redact/types.js';
import type { Config } from '../../config/schema.js';
import { discordApprovers } from './approver-config.js';
import { DmNotices } from './dm-notices.js';
import { BOT_INTENTS } from './invite.js';
import { InteractionTokens, type InteractionContext } from './interaction-tokens.js';
import { actionOf, actorOf, invocationOf, memberRoleIds, messageRefOf, reactionEmoji, whereOf } from './map-events.js';
import { DiscordMessageSender } from './message-sender.js';
import { NO_MENTIONS, renderText } from './render-embeds.js';
import { ThreadRouter } from './thread-router.js';
import { DiscordIncidentChannels, type DiscordIncidentOptions } from './incident-channels.js';
import { redactRequests } from './redacting-rest.js';

export interface DiscordAdapterOptions {
  config: Config['discord'];
  approval: Config['approval'];
  logger: Logger;
  /** token ages are measured on this clock (default: system time) */
  clock?: Clock;
  /** every REST request body passes it on the way out (redacting-rest.ts) */
  redactor?: Redactor;
  /** incidents.discord: where incident channels or threads open */
  incidents?: Omit<DiscordIncidentOptions, 'guildId'>;
}

export const DISCORD_INTENTS = BOT_INTENTS.map((i) => GatewayIntentBits[i.name]);
export const DISCORD_PARTIALS = [Partials.Message, Partials.Reaction, Partials.User, Partials.Channel];

export function createDiscordAdapter(opts: DiscordAdapterOptions): ChatAdapter & { readonly client: Client | null } {
  const { config, logger } = opts;
  // Refuses names where ids are required, before anything connects.
  const approvers = discordApprovers(config);
  const clock = opts.clock ?? systemClock;
  const log = logger.child({ adapter: 'discord' });
  const tokens = new InteractionTokens(clock);
  const dms = new DmNotices(() => rest(), clock);
  const als = new AsyncLocalStorage<InteractionContext>();
  let client: Client | null = null;
  let handlers: ChatHandlers | null = null;
  let connected = false;

  const rest = () => {
    if (!client) throw new OpsError('DISCORD_NOT_STARTED', 'the Discord adapter is not started');
    return client.rest;
  };
  const threads = new ThreadRouter(rest, (root, err) => log.warn({ root, err: errorMessage(err) }, 'cannot start a thread; replying in the channel instead'));
  const sender = new DiscordMessageSender(rest, threads, (id) => client?.channels.cache.get(id), log);

  const allowed = (channelId: string, name?: string): boolean =>
    config.channels.length === 0 || config.channels.includes(channelId) || (name !== undefined && config.channels.includes(name));

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    // Defer before anything else: Discord drops interactions not answered within 3 s.
    try {
      await i.deferReply({ flags: MessageFlags.Ephemeral });
    } catch (err) {
      log.error({ err: errorMessage(err), command: i.commandName }, 'could not defer the interaction');
      return;
    }
    const ctx: InteractionContext = { interaction: i, userId: i.user.id, receivedAt: clock.now(), replyOpen: true };
    tokens.remember(ctx);
    const where = whereOf(i.channel, i.channelId);
    if (!allowed(where.channel.id, where.channel.name)) {
      await reply(ctx, 'opsbridge does not take commands in this channel.');
      return;
    }
    const inv = invocationOf(i, where, ctx.receivedAt);
    try {
      await als.run(ctx, () => handlers!.onInvocation(inv));
    } catch (err) {
      log.error({ err: errorMessage(err), command: inv.command }, 'invocation failed');
      await reply(ctx, `⚠️ /${inv.command} failed: ${errorMessage(err)}`);
      return;
    }
    if (ctx.replyOpen) await reply(ctx, `Posted in <#${where.channel.id}>.`);
  }

  async function onButton(i: ButtonInteraction): Promise<void> {
    try {
      await i.deferUpdate();
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'could not acknowledge the button');
      return;
    }
    const ctx: InteractionContext = { interaction: i, userId: i.user.id, receivedAt: clock.now(), replyOpen: false };
    tokens.remember(ctx);
    const where = whereOf(i.channel, i.channelId);
    if (!allowed(where.channel.id, where.channel.name)) return;
    const action = actionOf(i, where);
    await als.run(ctx, () => handlers!.onAction(action));
  }

  async function onReaction(r: MessageReaction | PartialMessageReaction, u: User | PartialUser): Promise<void> {
    if (u.id === client?.user?.id) return; // our own reactions (e.g. prompts) are not votes
    const reaction = r.partial ? await r.fetch() : r;
    const user = u.partial ? await u.fetch() : u;
    const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    // Only our messages carry approvals; 📌 is the exception: pinning anyone's message in an incident channel puts it on the timeline (as on Slack).
    if (message.author && message.author.id !== client?.user?.id && !isPinEmoji(reaction.emoji.name ?? '')) return;
    const where = whereOf(message.channel, message.channelId);
    if (!allowed(where.channel.id, where.channel.name)) return;
    const actor = actorOf(user, message.guild?.id, await memberRoleIds(message.guild, user.id));
    await handlers!.onReaction({ message: messageRefOf(where, message.id), emoji: reactionEmoji(reaction.emoji), actor });
  }

  /** fill the deferred reply if it is still open, else an ephemeral follow-up */
  async function reply(ctx: InteractionContext, text: string): Promise<void> {
    const parts = renderText(text);
    for (const p of parts) {
      if (ctx.replyOpen && ctx.interaction.isChatInputCommand()) {
        ctx.replyOpen = false;
        await ctx.interaction.editReply({ content: p.content ?? '', allowedMentions: NO_MENTIONS });
      } else {
        await ctx.interaction.followUp({ content: p.content ?? '', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      }
    }
  }

  const incidentChannels = new DiscordIncidentChannels(
    rest,
    { ...opts.incidents, ...(config.guildId ? { guildId: config.guildId } : {}) },
    (ref) => sender.channelIdOf(ref),
    async (channelId, root, name) => (await sender.isThread(root)) || !(await threads.target(channelId, root, name)).replyTo,
  );

  const adapter = {
    platform: 'discord' as const,
    incidentChannels,
    get client() {
      return client;
    },

    async start(h: ChatHandlers): Promise<void> {
      if (!config.token) throw new OpsError('DISCORD_CONFIG', 'DISCORD_TOKEN is not set');
      handlers = h;
      const c = new Client({
        intents: DISCORD_INTENTS,
        partials: DISCORD_PARTIALS,
        allowedMentions: NO_MENTIONS,
        ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
      });
      client = c;
      if (opts.redactor) redactRequests(c.rest, opts.redactor);
      const guard = (what: string, p: Promise<void>) => p.catch((err: unknown) => log.error({ err: errorMessage(err) }, `${what} failed`));
      c.on(Events.InteractionCreate, (i: Interaction) => {
        // the interaction token is a 15-minute credential for replying; it must never be shown
        if ('token' in i && typeof i.token === 'string') opts.redactor?.learn?.(i.token, 'Discord interaction token');
        if (i.isChatInputCommand()) void guard('slash command', onCommand(i));
        else if (i.isButton()) void guard('button', onButton(i));
      });
      c.on(Events.MessageReactionAdd, (r, u) => void guard('reaction', onReaction(r, u)));
      c.on(Events.ShardReady, () => (connected = true));
      c.on(Events.ShardResume, () => (connected = true));
      c.on(Events.ShardReconnecting, () => (connected = false));
      c.on(Events.ShardDisconnect, () => (connected = false));
      c.on(Events.Error, (err) => log.error({ err: errorMessage(err) }, 'discord client error'));
      const readyP = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
      try {
        await c.login(config.token);
      } catch (err) {
        throw new OpsError('DISCORD_LOGIN_FAILED', `Discord login failed: ${errorMessage(err)}`, { cause: err });
      }
      await readyP;
      connected = true;
      log.info({ user: c.user?.tag, guilds: c.guilds.cache.size }, 'discord connected');
    },

    async stop(): Promise<void> {
      connected = false;
      const c = client;
      client = null;
      await c?.destroy();
    },

    ready: () => connected && client?.isReady() === true,
    approvers: () => approvers,

    async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
      const { ref, channelId } = await sender.post(channel, message, options);
      // The first message of a command's run answers the deferred reply with a pointer to it.
      const ctx = als.getStore();
      if (ctx?.replyOpen && !options?.thread) {
        const guildId = ctx.interaction.guildId ?? config.guildId ?? '@me';
        await reply(ctx, `Run posted: https://discord.com/channels/${guildId}/${channelId}/${ref.id}`).catch((err: unknown) =>
          log.warn({ err: errorMessage(err) }, 'could not answer the interaction'),
        );
      }
      return ref;
    },

    update: (ref: MessageRef, message: Message): Promise<void> => sender.update(ref, message),

    async notify(actor: Actor, channel: ChannelRef, text: string): Promise<void> {
      const current = als.getStore();
      const ctx = current?.userId === actor.id ? current : tokens.live(actor.id);
      try {
        if (ctx) {
          await reply(ctx, text);
          return;
        }
        // No live interaction for this person (e.g. they only reacted): a DM is the private
        // channel, the same notice at most once a minute.
        await dms.send(actor.id, `${channel.id}/${channel.thread ?? ''}`, text, renderText(text));
      } catch (err) {
        log.warn({ err: errorMessage(err), user: actor.id, channel: channel.id }, 'could not deliver a private notice');
      }
    },
  };
  return adapter;
}
