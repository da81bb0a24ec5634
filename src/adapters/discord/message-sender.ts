/**
 * Posting and editing rendered messages on Discord. A Message that renders to several Discord
 * messages is posted as a first message plus follow-ups where the run lives (its thread, or
 * replies in the channel); `update` edits the first, edits or adds follow-ups, and deletes the
 * follow-ups the new content no longer needs. After a restart it finds a message it forgot
 * again: in its thread first, then in the channel.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';

import { BoundedMap } from '../../core/bounded-map.js';
import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import { errorMessage } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import { renderMessage, type DiscordPayload } from './render-embeds.js';
import type { Target, ThreadRouter } from './thread-router.js';

/** where each posted message lives and the follow-ups a split rendering needed */
interface Posted {
  channelId: string;
  replyTo?: string;
  continuations: string[];
}

export class DiscordMessageSender {
  // Bounded: a forgotten message is found again through the API (see update), a forgotten title falls back to a generic one.
  private readonly posted = new BoundedMap<string, Posted>(10_000);
  private readonly titles = new BoundedMap<string, string>(2_000);

  constructor(
    private readonly rest: () => REST,
    private readonly threads: ThreadRouter,
    /** the gateway's cached channel of that id, if any */
    private readonly cachedChannel: (id: string) => { isThread(): boolean } | undefined,
    private readonly log: Logger,
  ) {}

  /** Posts `message`; `channelId` is where its first message landed (a run's thread, or the channel). */
  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<{ ref: MessageRef; channelId: string }> {
    const payloads = renderMessage(message);
    // In a channel that is a thread (an incident thread), a run's follow-ups reply to its first message.
    const target = !options?.thread
      ? { channelId: channel.id }
      : (await this.isThread(channel.id))
        ? { channelId: channel.id, ...(options.thread !== channel.id ? { replyTo: options.thread } : {}) }
        : await this.threads.target(channel.id, options.thread, this.titles.get(options.thread) ?? 'opsbridge run');
    const id = await this.send(target, payloads[0]!);
    const continuations: string[] = [];
    for (const p of payloads.slice(1)) continuations.push(await this.send(target, p));
    this.posted.set(id, { ...target, continuations });
    const title = message.blocks.find((b) => b.type === 'header');
    if (title?.type === 'header') this.titles.set(id, title.text);
    return { ref: { channel, id, ...(options?.thread ? { thread: options.thread } : {}) }, channelId: target.channelId };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const payloads = renderMessage(message);
    const where = await this.locate(ref);
    try {
      await this.edit(where.channelId, ref.id, payloads[0]!);
    } catch (err) {
      // Unknown after a restart and not in the thread: it is in the channel.
      if (err instanceof DiscordAPIError && where.channelId !== ref.channel.id && (err.code === RESTJSONErrorCodes.UnknownChannel || err.code === RESTJSONErrorCodes.UnknownMessage)) {
        where.channelId = ref.channel.id;
        await this.edit(where.channelId, ref.id, payloads[0]!);
      } else throw err;
    }
    const rest = payloads.slice(1);
    const next: string[] = [];
    for (const [i, p] of rest.entries()) {
      const existing = where.continuations[i];
      if (existing) {
        await this.edit(where.channelId, existing, p);
        next.push(existing);
      } else next.push(await this.send(where, p));
    }
    // A shorter rendering leaves surplus follow-ups: remove them rather than leave stale text.
    for (const stale of where.continuations.slice(rest.length)) {
      await this.rest()
        .delete(Routes.channelMessage(where.channelId, stale))
        .catch((err: unknown) => this.log.warn({ err: errorMessage(err) }, 'could not delete a stale follow-up'));
    }
    this.posted.set(ref.id, { ...where, continuations: next });
  }

  /** a channel id that is a thread (cached by the gateway, or one we started): threads do not nest */
  async isThread(channelId: string): Promise<boolean> {
    const ch = this.cachedChannel(channelId);
    return ch ? ch.isThread() : (await this.threads.known(channelId)) === 'thread';
  }

  /** the channel (or thread) id a message lives in: after a restart, its thread first, then the channel */
  async channelIdOf(ref: MessageRef): Promise<string> {
    return (await this.locate(ref)).channelId;
  }

  private async locate(ref: MessageRef): Promise<Posted> {
    const known = this.posted.get(ref.id);
    if (known) return known;
    if (await this.isThread(ref.channel.id)) return { channelId: ref.channel.id, continuations: [] };
    if (ref.thread && ref.thread !== ref.id && (await this.threads.known(ref.thread)) !== 'inline') return { channelId: ref.thread, continuations: [] };
    return { channelId: ref.channel.id, continuations: [] };
  }

  private async send(target: Target, p: DiscordPayload): Promise<string> {
    const body = { ...p, ...(target.replyTo ? { message_reference: { message_id: target.replyTo, fail_if_not_exists: false } } : {}) };
    const res = (await this.rest().post(Routes.channelMessages(target.channelId), { body })) as { id: string };
    return res.id;
  }

  private async edit(channelId: string, id: string, p: DiscordPayload): Promise<void> {
    await this.rest().patch(Routes.channelMessage(channelId, id), { body: { content: p.content ?? '', embeds: p.embeds, components: p.components, allowed_mentions: p.allowed_mentions } });
  }
}
