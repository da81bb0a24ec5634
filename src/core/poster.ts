/**
 * The only way the core talks to a chat: every message is redacted here, and edits to one
 * message are coalesced to at most one per `minEditIntervalMs` (the latest content wins), which
 * keeps a busy run far under Slack's and Discord's rate limits.
 */
import { BoundedMap } from './bounded-map.js';
import type { Actor, ChannelRef, ChatAdapter, MessageRef, PostOptions } from './chat.js';
import type { Clock, TimerHandle } from './clock.js';
import type { Redactor } from './redact/types.js';
import type { Message, MessageBlock } from './message.js';

interface PendingEdit {
  ref: MessageRef;
  message: Message;
  timer: TimerHandle;
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
}

export interface PosterStats {
  posts: number;
  edits: number;
  notices: number;
}

export class Poster {
  private lastEdit = new BoundedMap<string, number>(5000);
  private pending = new Map<string, PendingEdit>();
  private inFlight = new Set<Promise<unknown>>();
  readonly stats: PosterStats = { posts: 0, edits: 0, notices: 0 };

  constructor(
    private readonly adapters: Map<string, ChatAdapter>,
    private readonly redactor: Redactor,
    private readonly clock: Clock,
    private readonly minEditIntervalMs = 1000,
  ) {}

  adapterFor(platform: string): ChatAdapter {
    const adapter = this.adapters.get(platform);
    if (!adapter) throw new Error(`no adapter for platform "${platform}"`);
    return adapter;
  }

  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
    this.stats.posts++;
    return this.track(this.adapterFor(channel.platform).post(channel, this.clean(message), options));
  }

  async notify(actor: Actor, channel: ChannelRef, text: string): Promise<void> {
    this.stats.notices++;
    await this.track(this.adapterFor(channel.platform).notify(actor, channel, this.redactor.redact(text)));
  }

  /** Resolves once this content (or a newer one) has been sent. */
  update(ref: MessageRef, message: Message): Promise<void> {
    const key = `${ref.channel.platform}:${ref.channel.id}:${ref.id}`;
    const existing = this.pending.get(key);
    if (existing) {
      existing.message = message;
      return new Promise((resolve, reject) => existing.waiters.push({ resolve, reject }));
    }
    const wait = (this.lastEdit.get(key) ?? -Infinity) + this.minEditIntervalMs - this.clock.now();
    if (wait <= 0) return this.sendEdit(key, ref, message);
    return new Promise((resolve, reject) => {
      const entry: PendingEdit = {
        ref,
        message,
        waiters: [{ resolve, reject }],
        timer: this.clock.setTimeout(() => {
          this.pending.delete(key);
          this.sendEdit(key, ref, entry.message).then(
            () => entry.waiters.forEach((w) => w.resolve()),
            (err) => entry.waiters.forEach((w) => w.reject(err)),
          );
        }, wait),
      };
      this.pending.set(key, entry);
    });
  }

  /** Sends every pending edit now (shutdown, end of a run in tests). */
  async flush(): Promise<void> {
    const entries = [...this.pending.entries()];
    this.pending.clear();
    await Promise.all(
      entries.map(([key, e]) => {
        this.clock.clearTimeout(e.timer);
        return this.sendEdit(key, e.ref, e.message).then(
          () => e.waiters.forEach((w) => w.resolve()),
          (err) => e.waiters.forEach((w) => w.reject(err)),
        );
      }),
    );
    await Promise.allSettled([...this.inFlight]);
  }

  private sendEdit(key: string, ref: MessageRef, message: Message): Promise<void> {
    this.lastEdit.set(key, this.clock.now());
    this.stats.edits++;
    return this.track(this.adapterFor(ref.channel.platform).update(ref, this.clean(message)));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }

  /** Redacts every piece of text in a message. */
  private clean(message: Message): Message {
    const r = (s: string) => this.redactor.redact(s);
    const blocks = message.blocks.map((b): MessageBlock => {
      switch (b.type) {
        case 'header':
        case 'text':
        case 'context':
          return { ...b, text: r(b.text) };
        case 'code':
          return { ...b, text: r(b.text) };
        case 'fields':
          return { ...b, fields: b.fields.map((f) => ({ label: r(f.label), value: r(f.value) })) };
        case 'steps':
          return {
            ...b,
            steps: b.steps.map((s) => ({
              ...s,
              title: r(s.title),
              code: s.code === undefined ? undefined : r(s.code),
              detail: s.detail === undefined ? undefined : r(s.detail),
            })),
          };
        case 'buttons':
          return b;
      }
    });
    return { ...message, blocks };
  }
}
