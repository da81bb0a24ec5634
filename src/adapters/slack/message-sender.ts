/**
 * Posting and editing rendered messages. A Message that renders to several Slack messages is
 * posted as a first message plus follow-ups in its thread; `update` edits the first, edits or
 * adds follow-ups, and deletes follow-ups the new content no longer needs.
 *
 * Edits to one message are serialized, latest wins: if a chat.update is held up by a 429, a
 * newer edit waits for it and the stale one can never land after the newer one.
 */
import type { webApi } from '@slack/bolt';

import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import { OpsError } from '../../core/errors.js';
import type { Message } from '../../core/message.js';
import type { ChannelPacer } from './channel-pacer.js';
import { escapeMrkdwn } from './escape.js';
import { renderBlocks, type SlackMessage } from './render-blocks.js';

interface EditSlot {
  running: Promise<void>;
  next?: Message;
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

export class MessageSender {
  /** first message ts → follow-up message ts, per channel */
  private readonly followUps = new Map<string, string[]>();
  private readonly edits = new Map<string, EditSlot>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly pacer: ChannelPacer,
  ) {}

  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
    const [first, ...rest] = renderBlocks(message);
    const ts = await this.postOne(channel.id, first!, options?.thread);
    const thread = options?.thread ?? ts;
    const extra: string[] = [];
    for (const part of rest) extra.push(await this.postOne(channel.id, part, thread));
    if (extra.length > 0) this.followUps.set(key(channel.id, ts), extra);
    return { channel, id: ts, ...(options?.thread ? { thread: options.thread } : {}) };
  }

  update(ref: MessageRef, message: Message): Promise<void> {
    const k = key(ref.channel.id, ref.id);
    const slot = this.edits.get(k);
    if (slot) {
      // An edit is in flight: replace whatever was queued behind it with this newer content.
      slot.next = message;
      return new Promise((resolve, reject) => slot.waiters.push({ resolve, reject }));
    }
    const fresh: EditSlot = { running: Promise.resolve(), waiters: [] };
    this.edits.set(k, fresh);
    const run = async (msg: Message): Promise<void> => {
      try {
        await this.applyUpdate(ref, msg);
      } finally {
        const next = fresh.next;
        const waiters = fresh.waiters;
        fresh.next = undefined;
        fresh.waiters = [];
        if (next) {
          fresh.running = run(next);
          fresh.running.then(() => waiters.forEach((w) => w.resolve()), (e: unknown) => waiters.forEach((w) => w.reject(e)));
        } else {
          this.edits.delete(k);
        }
      }
    };
    fresh.running = run(message);
    return fresh.running;
  }

  private async applyUpdate(ref: MessageRef, message: Message): Promise<void> {
    const [first, ...rest] = renderBlocks(message);
    const channel = ref.channel.id;
    await this.call('chat.update', () => this.client.chat.update({ channel, ts: ref.id, text: first!.text, blocks: first!.blocks }));
    const k = key(channel, ref.id);
    const existing = this.followUps.get(k) ?? [];
    const kept: string[] = [];
    for (const [i, part] of rest.entries()) {
      const ts = existing[i];
      if (ts) {
        await this.call('chat.update', () => this.client.chat.update({ channel, ts, text: part.text, blocks: part.blocks }));
        kept.push(ts);
      } else {
        kept.push(await this.postOne(channel, part, ref.thread ?? ref.id));
      }
    }
    for (const ts of existing.slice(rest.length)) {
      await this.call('chat.delete', () => this.client.chat.delete({ channel, ts }));
    }
    if (kept.length > 0) this.followUps.set(k, kept);
    else this.followUps.delete(k);
  }

  /** An ephemeral message: only `userId` sees it, in the channel where they acted. */
  /** An ephemeral notice; with `thread`, shown in that thread (an approval's), not the channel. */
  async notify(userId: string, channelId: string, text: string, thread?: string): Promise<void> {
    await this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel: channelId, user: userId, text: escapeMrkdwn(text), ...(thread ? { thread_ts: thread } : {}) }));
  }

  private async postOne(channel: string, part: SlackMessage, thread: string | undefined): Promise<string> {
    await this.pacer.acquire(channel);
    const res = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({
        channel,
        text: part.text,
        blocks: part.blocks,
        // Links in command output must not unfurl previews of internal URLs into the channel.
        unfurl_links: false,
        unfurl_media: false,
        ...(thread ? { thread_ts: thread } : {}),
      }),
    );
    if (!res.ts) throw new OpsError('SLACK_API', 'chat.postMessage returned no ts');
    return res.ts;
  }

  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      throw new OpsError('SLACK_API', `${method} failed${code ? `: ${code}` : `: ${(err as Error).message}`}`, { cause: err });
    }
  }
}

function key(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}
