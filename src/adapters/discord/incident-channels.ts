/**
 * Incident channels on Discord: a text channel under the configured category (needs Manage
 * Channels), or a public thread under the summary in the configured incidents channel (or where
 * it was declared). Pins need Manage Messages; the postmortem is an attachment. A 403 with code
 * 50013 (Missing Permissions) becomes CHANNEL_FORBIDDEN naming the permission, so the core falls
 * back and tells the channel what to grant.
 */
import { DiscordAPIError, Routes, type REST } from 'discord.js';

import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import { OpsError } from '../../core/errors.js';
import { CHANNEL_FORBIDDEN, type IncidentChannelPort, type IncidentChannelRequest, type IncidentFile, type OpenedChannel, type PinnedMessage } from '../../core/incidents/channel-port.js';
import type { Person } from '../../core/incidents/model.js';
import { NO_MENTIONS } from './render-embeds.js';

export interface DiscordIncidentOptions {
  guildId?: string;
  /** incidents.discord.category: text channels go under it */
  category?: string;
  /** incidents.discord.channel: threads open here */
  channel?: string;
}

const missing = (err: unknown): boolean => err instanceof DiscordAPIError && (err.code === 50013 || err.status === 403);

function forbidden(err: unknown, what: string, permission: string): OpsError | undefined {
  if (!missing(err)) return undefined;
  return new OpsError(CHANNEL_FORBIDDEN, `the bot may not ${what}: it lacks the ${permission} permission on this server (Discord said 50013 Missing Permissions)`, { cause: err });
}

export class DiscordIncidentChannels implements IncidentChannelPort {
  constructor(
    private readonly rest: () => REST,
    private readonly opts: DiscordIncidentOptions,
    /** where a posted message lives (a thread or its channel) */
    private readonly channelOfMessage: (ref: MessageRef) => Promise<string>,
    /** opens (or finds) the thread under `root`; false when the bot may not */
    private readonly openThread: (channelId: string, root: string, name: string) => Promise<boolean> = async () => false,
  ) {}

  async createChannel(req: IncidentChannelRequest): Promise<OpenedChannel> {
    if (this.opts.category) {
      if (!this.opts.guildId) throw new OpsError('DISCORD_CONFIG', 'incidents.discord.category needs discord.guildId');
      try {
        const ch = (await this.rest().post(Routes.guildChannels(this.opts.guildId), { body: { name: req.name, type: 0, parent_id: this.opts.category, topic: req.topic.slice(0, 1024) } })) as { id: string; name: string };
        return { platform: 'discord', id: ch.id, name: ch.name };
      } catch (err) {
        throw forbidden(err, 'create channels', 'Manage Channels') ?? err;
      }
    }
    // A thread under the summary message: the core posts the summary, the first reply opens the thread.
    return { platform: 'discord', id: this.opts.channel ?? req.origin.id, threadRoot: true };
  }

  async setTopic(channel: ChannelRef, topic: string): Promise<void> {
    if (!this.opts.category) return; // threads have no topic
    await this.rest().patch(Routes.channel(channel.id), { body: { topic: topic.slice(0, 1024) } });
  }

  async pin(message: MessageRef): Promise<void> {
    const channelId = await this.channelOfMessage(message);
    try {
      await this.rest().put(Routes.channelPin(channelId, message.id));
    } catch (err) {
      throw forbidden(err, 'pin messages', 'Manage Messages') ?? err;
    }
  }

  async upload(channel: ChannelRef, file: IncidentFile, options?: PostOptions): Promise<void> {
    const channelId = options?.thread ? await this.channelOfMessage({ channel, id: options.thread, thread: options.thread }) : channel.id;
    try {
      await this.rest().post(Routes.channelMessages(channelId), {
        body: { content: file.title, allowed_mentions: NO_MENTIONS, attachments: [{ id: 0, filename: file.filename }] },
        files: [{ name: file.filename, data: Buffer.from(file.content, 'utf8'), contentType: 'text/markdown' }],
      });
    } catch (err) {
      throw forbidden(err, 'attach files', 'Attach Files') ?? err;
    }
  }

  async findUser(mention: string): Promise<Person | undefined> {
    const m = /^<@!?(\d{5,25})>$/.exec(mention.trim());
    if (!m) return undefined;
    try {
      const u = (await this.rest().get(Routes.user(m[1]!))) as { id: string; username: string; global_name?: string | null };
      return { id: u.id, name: u.global_name || u.username };
    } catch {
      return undefined;
    }
  }

  /** A Discord thread is a channel: a run for an incident that is a thread posts straight into it. */
  async threadAsChannel(channel: ChannelRef, thread: string): Promise<ChannelRef | undefined> {
    if (!(await this.openThread(channel.id, thread, channel.name ?? 'incident'))) return undefined;
    return { platform: 'discord', id: thread, ...(channel.name ? { name: channel.name } : {}) };
  }

  async messageInfo(message: MessageRef): Promise<PinnedMessage | undefined> {
    const channelId = message.thread ?? message.channel.id;
    try {
      const m = (await this.rest().get(Routes.channelMessage(channelId, message.id))) as { author?: { id: string; username: string; global_name?: string | null }; content?: string; timestamp?: string };
      if (!m.author) return undefined;
      return { author: { id: m.author.id, name: m.author.global_name || m.author.username }, text: m.content ?? '', at: new Date(m.timestamp ?? Date.now()).toISOString() };
    } catch {
      return undefined;
    }
  }
}
