/**
 * The Discord adapter on discord.js 14. Slash commands are deferred at once (ephemeral) and turned
 * into Invocations; the run itself lives in channel messages (a thread per run where permitted)
 * because it outlives the 15-minute interaction token. Reactions (partials fetched) and button
 * presses become Reactions and Actions. Everything sent disables mention parsing.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  RESTJSONErrorCodes,
  Routes,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type Interaction,
  type MessageReaction,
  type PartialMessageReaction,
  type PartialUser,
  type TextBasedChannel,
  type User,
} from 'discord.js';
import type { Logger } from 'pino';

import type { Actor, ChannelRef, ChatAdapter, ChatHandlers, MessageRef, PostOptions } from '../../core/chat.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { isPinEmoji } from '../../core/emoji.js';
import { OpsError, errorMessage } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import { BoundedMap } from '../../core/bounded-map.js';
import type { Redactor } from '../../core/redact/types.js';
import type { Config } from '../../config/schema.js';
import { actorFromMember } from './actor.js';
import { discordApprovers } from './approver-config.js';
import { DmNotices } from './dm-notices.js';
import { BOT_INTENTS } from './invite.js';
import { optionsToArgs } from './interaction-args.js';
import { InteractionTokens, type InteractionContext } from './interaction-tokens.js';
import { NO_MENTIONS, renderMessage, renderText, type DiscordPayload } from './render-embeds.js';
import { ThreadRouter, type Target } from './thread-router.js';
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

/** where each posted message lives and the follow-ups a split rendering needed */
interface Posted {
  channelId: string;
  replyTo?: string;
  continuations: string[];
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): ChatAdapter & { readonly client: Client | null } {
  const { config, logger } = opts;
  // Refuses names where ids are required, before anything connects.
  const approvers = discordApprovers(config);
  const clock = opts.clock ?? systemClock;
  const log = logger.child({ adapter: 'discord' });
  const tokens = new InteractionTokens(clock);
  const dms = new DmNotices(() => rest(), clock);
  const als = new AsyncLocalStorage<InteractionContext>();
  // Bounded: a forgotten message is found again through the API (see update), a forgotten title falls back to a generic one.
  const posted = new BoundedMap<string, Posted>(10_000);
  const titles = new BoundedMap<string, string>(2_000);
  let client: Client | null = null;
  let handlers: ChatHandlers | null = null;
  let connected = false;

  const rest = () => {
    if (!client) throw new OpsError('DISCORD_NOT_STARTED', 'the Discord adapter is not started');
    return client.rest;
  };
  const threads = new ThreadRouter(rest, (root, err) => log.warn({ root, err: errorMessage(err) }, 'cannot start a thread; replying in the channel instead'));

  const allowed = (channelId: string, name?: string): boolean =>
    config.channels.length === 0 || config.channels.includes(channelId) || (name !== undefined && config.channels.includes(name));

  function actorOf(user: User | PartialUser, guild: Guild | null, roleIds: readonly string[]): Actor {
    return actorFromMember({ userId: user.id, username: user.username ?? user.id, roleIds }, guild?.id);
  }

  async function memberRoleIds(guild: Guild | null, userId: string): Promise<string[]> {
    if (!guild) return [];
    const member = guild.members.cache.get(userId) ?? (await guild.members.fetch(userId).catch(() => null));
    return member ? [...member.roles.cache.keys()] : [];
  }

  /** incident channel of a channel or thread: threads report their parent */
  function channelOf(ch: TextBasedChannel | null, channelId: string): { channel: ChannelRef; thread?: string } {
    if (ch && 'isThread' in ch && ch.isThread() && ch.parentId) {
      return { channel: { platform: 'discord', id: ch.parentId, name: ch.parent?.name }, thread: ch.id };
    }
    const name = ch && 'name' in ch ? (ch.name as string) : undefined;
    return { channel: { platform: 'discord', id: channelId, ...(name ? { name } : {}) } };
  }

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
    const where = channelOf(i.channel, i.channelId);
    if (!allowed(where.channel.id, where.channel.name)) {
      await reply(ctx, 'opsbridge does not take commands in this channel.');
      return;
    }
    const roleIds = i.inCachedGuild() ? [...i.member.roles.cache.keys()] : Array.isArray(i.member?.roles) ? i.member.roles : [];
    const inv = {
      command: i.commandName,
      args: optionsToArgs(i.options.data),
      actor: actorOf(i.user, i.guild, roleIds),
      channel: where.channel,
      ...(where.thread ? { thread: where.thread } : {}),
      platform: 'discord' as const,
      receivedAt: ctx.receivedAt,
    };
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
    const where = channelOf(i.channel, i.channelId);
    if (!allowed(where.channel.id, where.channel.name)) return;
    const roleIds = i.inCachedGuild() ? [...i.member.roles.cache.keys()] : Array.isArray(i.member?.roles) ? i.member.roles : [];
    const action = {
      message: { channel: where.channel, id: i.message.id, ...(where.thread ? { thread: where.thread } : {}) },
      actionId: i.customId,
      actor: actorOf(i.user, i.guild, roleIds),
    };
    await als.run(ctx, () => handlers!.onAction(action));
  }

  async function onReaction(r: MessageReaction | PartialMessageReaction, u: User | PartialUser): Promise<void> {
    if (u.id === client?.user?.id) return; // our own reactions (e.g. prompts) are not votes
    const reaction = r.partial ? await r.fetch() : r;
    const user = u.partial ? await u.fetch() : u;
    const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    // Only our messages carry approvals; 📌 is the exception: pinning anyone's message in an incident channel puts it on the timeline (as on Slack).
    if (message.author && message.author.id !== client?.user?.id && !isPinEmoji(reaction.emoji.name ?? '')) return;
    const where = channelOf(message.channel, message.channelId);
    if (!allowed(where.channel.id, where.channel.name)) return;
    const actor = actorOf(user, message.guild, await memberRoleIds(message.guild, user.id));
    // Custom emoji are reported by name, unicode ones as the character.
    const emoji = reaction.emoji.name ?? reaction.emoji.id ?? '';
    await handlers!.onReaction({ message: { channel: where.channel, id: message.id, ...(where.thread ? { thread: where.thread } : {}) }, emoji, actor });
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

  async function send(target: Target, p: DiscordPayload): Promise<string> {
    const body = { ...p, ...(target.replyTo ? { message_reference: { message_id: target.replyTo, fail_if_not_exists: false } } : {}) };
    const res = (await rest().post(Routes.channelMessages(target.channelId), { body })) as { id: string };
    return res.id;
  }

  async function edit(channelId: string, id: string, p: DiscordPayload): Promise<void> {
    await rest().patch(Routes.channelMessage(channelId, id), { body: { content: p.content ?? '', embeds: p.embeds, components: p.components, allowed_mentions: p.allowed_mentions } });
  }

  /** a channel id that is a thread (cached by the gateway, or one we started): threads do not nest */
  async function isThread(channelId: string): Promise<boolean> {
    const ch = client?.channels.cache.get(channelId);
    return ch ? ch.isThread() : (await threads.known(channelId)) === 'thread';
  }

  /** after restart we may not know where a message lives: its thread first, then the channel */
  async function locate(ref: MessageRef): Promise<Posted> {
    const known = posted.get(ref.id);
    if (known) return known;
    if (await isThread(ref.channel.id)) return { channelId: ref.channel.id, continuations: [] };
    if (ref.thread && ref.thread !== ref.id && (await threads.known(ref.thread)) !== 'inline') return { channelId: ref.thread, continuations: [] };
    return { channelId: ref.channel.id, continuations: [] };
  }

  const incidentChannels = new DiscordIncidentChannels(
    rest,
    { ...opts.incidents, ...(config.guildId ? { guildId: config.guildId } : {}) },
    async (ref) => (await locate(ref)).channelId,
    async (channelId, root, name) => (await isThread(root)) || !(await threads.target(channelId, root, name)).replyTo,
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
      const payloads = renderMessage(message);
      // In a channel that is a thread (an incident thread), a run's follow-ups reply to its first message.
      const target = !options?.thread
        ? { channelId: channel.id }
        : (await isThread(channel.id))
          ? { channelId: channel.id, ...(options.thread !== channel.id ? { replyTo: options.thread } : {}) }
          : await threads.target(channel.id, options.thread, titles.get(options.thread) ?? 'opsbridge run');
      const id = await send(target, payloads[0]!);
      const continuations: string[] = [];
      for (const p of payloads.slice(1)) continuations.push(await send(target, p));
      posted.set(id, { ...target, continuations });
      const title = message.blocks.find((b) => b.type === 'header');
      if (title?.type === 'header') titles.set(id, title.text);
      const ref: MessageRef = { channel, id, ...(options?.thread ? { thread: options.thread } : {}) };
      // The first message of a command's run answers the deferred reply with a pointer to it.
      const ctx = als.getStore();
      if (ctx?.replyOpen && !options?.thread) {
        const guildId = ctx.interaction.guildId ?? config.guildId ?? '@me';
        await reply(ctx, `Run posted: https://discord.com/channels/${guildId}/${target.channelId}/${id}`).catch((err: unknown) =>
          log.warn({ err: errorMessage(err) }, 'could not answer the interaction'),
        );
      }
      return ref;
    },

    async update(ref: MessageRef, message: Message): Promise<void> {
      const payloads = renderMessage(message);
      const where = await locate(ref);
      try {
        await edit(where.channelId, ref.id, payloads[0]!);
      } catch (err) {
        // Unknown after a restart and not in the thread: it is in the channel.
        if (err instanceof DiscordAPIError && where.channelId !== ref.channel.id && (err.code === RESTJSONErrorCodes.UnknownChannel || err.code === RESTJSONErrorCodes.UnknownMessage)) {
          where.channelId = ref.channel.id;
          await edit(where.channelId, ref.id, payloads[0]!);
        } else throw err;
      }
      const rest_ = payloads.slice(1);
      const next: string[] = [];
      for (const [i, p] of rest_.entries()) {
        const existing = where.continuations[i];
        if (existing) {
          await edit(where.channelId, existing, p);
          next.push(existing);
        } else next.push(await send(where, p));
      }
      // A shorter rendering leaves surplus follow-ups: remove them rather than leave stale text.
      for (const stale of where.continuations.slice(rest_.length)) {
        await rest()
          .delete(Routes.channelMessage(where.channelId, stale))
          .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'could not delete a stale follow-up'));
      }
      posted.set(ref.id, { ...where, continuations: next });
    },

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
