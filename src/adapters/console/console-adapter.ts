/**
 * The embedded default adapter: a terminal incident channel with several users and reactions.
 * It is also the test backend (like errbot's and Hubot's DummyAdapter): push lines in with
 * `input()`, read what the bot posted from the sink.
 */
import type { Actor, ChannelRef, ChatAdapter, ChatHandlers, MessageRef, PostOptions } from '../../core/chat.js';
import type { Message } from '../../core/message.js';
import { redactDeep } from '../../core/redact/redact-deep.js';
import type { Redactor } from '../../core/redact/types.js';

export type ConsoleEvent =
  | { type: 'post' | 'update'; id: string; thread: string | null; message: Message }
  | { type: 'notice'; user: string; text: string }
  | { type: 'error'; text: string }
  | { type: 'info'; text: string };

export interface ConsoleAdapterOptions {
  channel: string;
  /** user name → roles; names not listed hold no role */
  users: Record<string, string[]>;
  defaultUser: string;
  sink: (event: ConsoleEvent) => void;
  /** every event passes it on its way to the terminal, the adapter's own echoes included */
  redactor: Redactor;
  /** prefix for message ids, so replicas sharing a database never reuse an id */
  idPrefix?: string;
  /** numbering continues after a restart, so stored approvals never share an id with new posts */
  firstId?: number;
  /** the next message number from the store's shared counter (every console process on one store) */
  nextId?: () => Promise<number>;
}

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  private handlers?: ChatHandlers;
  private counter = 0;
  private messages = new Map<string, { thread: string | null }>();
  private user: string;
  readonly channel: ChannelRef;

  constructor(private readonly opts: ConsoleAdapterOptions) {
    this.user = opts.defaultUser;
    this.counter = (opts.firstId ?? 1) - 1;
    this.channel = { platform: 'console', id: opts.channel, name: opts.channel };
  }

  /** The terminal is a channel: what is echoed back (`not a command: ...`) is redacted like a post. */
  private emit(event: ConsoleEvent): void {
    this.opts.sink(redactDeep(event, this.opts.redactor));
  }

  async start(handlers: ChatHandlers): Promise<void> {
    this.handlers = handlers;
  }

  async stop(): Promise<void> {
    this.handlers = undefined;
  }

  ready(): boolean {
    return this.handlers !== undefined;
  }

  get currentUser(): string {
    return this.user;
  }

  actor(name = this.user): Actor {
    return { platform: 'console', id: name, name, roles: this.opts.users[name] ?? [] };
  }

  async post(_channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
    const n = this.opts.nextId ? await this.opts.nextId() : ++this.counter;
    const id = `${this.opts.idPrefix ?? ''}m${n}`;
    const thread = options?.thread ?? null;
    this.messages.set(id, { thread });
    this.emit({ type: 'post', id, thread, message });
    return { channel: this.channel, id, thread: thread ?? undefined };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    this.emit({ type: 'update', id: ref.id, thread: this.messages.get(ref.id)?.thread ?? ref.thread ?? null, message });
  }

  async notify(actor: Actor, _channel: ChannelRef, text: string): Promise<void> {
    this.emit({ type: 'notice', user: actor.name, text });
  }

  /**
   * One line of input: `/command args`, `:as NAME`, `:react ID EMOJI`, `:press ID BUTTON`.
   * Resolves when the core has handled it. Returns false for `:quit`.
   */
  async input(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text || text.startsWith('#')) return true;
    const handlers = this.handlers;
    if (!handlers) throw new Error('console adapter not started');
    if (text.startsWith('/')) {
      const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text)!;
      await handlers.onInvocation({ command: m[1]!.toLowerCase(), args: m[2]!, actor: this.actor(), channel: this.channel, platform: 'console', receivedAt: Date.now() });
      return true;
    }
    const [cmd, ...rest] = text.split(/\s+/);
    switch (cmd) {
      case ':quit':
      case ':q':
        return false;
      case ':as': {
        const name = rest[0];
        if (!name || !/^[\p{L}\p{N}._-]{1,64}$/u.test(name)) {
          this.emit({ type: 'error', text: 'usage: :as NAME' });
          return true;
        }
        this.user = name;
        const roles = this.opts.users[name];
        this.emit({ type: 'info', text: `you are now ${name}${roles?.length ? ` (${roles.join(', ')})` : ' (no roles)'}` });
        return true;
      }
      case ':react':
      case ':press': {
        const [id, what] = rest;
        if (!id || !what) {
          this.emit({ type: 'error', text: `usage: ${cmd} MESSAGE_ID ${cmd === ':react' ? 'EMOJI' : 'BUTTON'}` });
          return true;
        }
        const known = this.messages.get(id);
        const message: MessageRef = { channel: this.channel, id, thread: known?.thread ?? undefined };
        if (cmd === ':react') await handlers.onReaction({ message, emoji: what, actor: this.actor() });
        else await handlers.onAction({ message, actionId: what.toLowerCase(), actor: this.actor() });
        return true;
      }
      case ':help':
        this.emit({ type: 'info', text: HELP });
        return true;
      default:
        this.emit({ type: 'error', text: `not a command: ${text.slice(0, 80)} (type :help)` });
        return true;
    }
  }
}

export const HELP = [
  'Commands: /incident <topic> [step:N], /runbooks, /health [service], /rollback <version>, /status ..., /replay-stripe ...',
  ':as NAME            act as another user (alice is on call; bob and carol are approvers)',
  ':react ID EMOJI     react to a message (✅ / ❌ or names like white_check_mark, x)',
  ':press ID BUTTON    press a button (approve / reject)',
  ':quit               leave',
].join('\n');
