/**
 * Tells an incident's channel what its alerts did. Changes within ANNOUNCE_WINDOW_MS of the last
 * announcement edit that message instead of posting another, so a flapping source cannot flood
 * the channel (the timeline keeps every change).
 */
import type { ChannelRef, MessageRef } from '../../core/chat.js';
import type { Clock } from '../../core/clock.js';
import type { Incident } from '../../core/incidents/model.js';
import type { Poster } from '../../core/poster.js';

const ANNOUNCE_WINDOW_MS = 30_000;
const SHOWN_LINES = 10;

/** Where an incident's messages go: its channel, or the thread that stands in for one. */
export function channelOf(incident: Incident): { channel: ChannelRef; thread?: string } | undefined {
  if (!incident.channel) return undefined;
  return { channel: { platform: incident.platform, id: incident.channel.id, ...(incident.channel.name ? { name: incident.channel.name } : {}) }, ...(incident.channel.thread ? { thread: incident.channel.thread } : {}) };
}

export class AlertAnnouncer {
  private last = new Map<string, { ref: MessageRef | undefined; lines: string[]; total: number; at: number }>();

  constructor(
    private readonly poster: Poster,
    private readonly clock: Clock,
  ) {}

  async say(incident: Incident, lines: string[]): Promise<void> {
    const where = channelOf(incident);
    if (!where || lines.length === 0) return;
    const now = this.clock.now();
    const prev = this.last.get(incident.id);
    const current = prev && now - prev.at < ANNOUNCE_WINDOW_MS ? prev : { ref: undefined, lines: [] as string[], total: 0, at: now };
    current.lines = [...current.lines, ...lines].slice(-SHOWN_LINES);
    current.total += lines.length;
    const text = [...current.lines, ...(current.total > current.lines.length ? [`(${current.total} changes in all; every one is on the timeline)`] : [])].join('\n');
    const message = { blocks: [{ type: 'text' as const, text }] };
    // Edits are not awaited: the poster paces them, and alert processing must not wait for that.
    if (current.ref) void this.poster.update(current.ref, message).catch(() => undefined);
    else current.ref = await this.poster.post(where.channel, message, { thread: where.thread });
    this.last.set(incident.id, current);
  }
}
