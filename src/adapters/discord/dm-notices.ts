/**
 * Private notices by DM, for people with no live interaction (they only reacted). Twenty
 * duplicate ✅ on one request must not mean twenty DMs: the same notice to the same person about
 * the same channel/thread goes out at most once a minute, and each person's DM channel is opened
 * once and remembered instead of on every notice.
 */
import { Routes, type REST } from 'discord.js';

import type { Clock } from '../../core/clock.js';
import type { DiscordPayload } from './render-embeds.js';

export const DM_NOTICE_WINDOW_MS = 60_000;

export class DmNotices {
  private readonly channels = new Map<string, Promise<string>>();
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly rest: () => REST,
    private readonly clock: Clock,
    private readonly windowMs = DM_NOTICE_WINDOW_MS,
  ) {}

  /** false when the same notice went to this person less than a minute ago (nothing sent) */
  async send(userId: string, about: string, text: string, parts: DiscordPayload[]): Promise<boolean> {
    const key = `${userId}\u0000${about}\u0000${text}`;
    const now = this.clock.now();
    const last = this.lastSent.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.lastSent.set(key, now);
    this.prune(now);
    try {
      const channel = await this.dmChannel(userId);
      for (const p of parts) await this.rest().post(Routes.channelMessages(channel), { body: p });
      return true;
    } catch (err) {
      this.lastSent.delete(key); // not delivered: the next attempt may try again
      throw err;
    }
  }

  private dmChannel(userId: string): Promise<string> {
    let channel = this.channels.get(userId);
    if (!channel) {
      channel = (this.rest().post(Routes.userChannels(), { body: { recipient_id: userId } }) as Promise<{ id: string }>).then((dm) => dm.id);
      channel.catch(() => this.channels.delete(userId));
      this.channels.set(userId, channel);
    }
    return channel;
  }

  private prune(now: number): void {
    if (this.lastSent.size < 1000) return;
    for (const [k, at] of this.lastSent) if (now - at >= this.windowMs) this.lastSent.delete(k);
  }
}
