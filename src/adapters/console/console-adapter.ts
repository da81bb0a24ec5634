/**
 * The embedded default adapter: a terminal incident channel with several users and reactions.
 * It is also the test backend (like errbot's and Hubot's DummyAdapter): push lines in with
 * `input()`, read what the bot posted from the sink.
 */
import type { Actor, ChannelRef, ChatAdapter, ChatHandlers, MessageRef, PostOptions } from '../../core/chat.js';
import { approvalPolicySchema, type ApprovalPolicyConfig } from '../../config/schema.js';
import { isPinEmoji, voteEmoji } from '../../core/emoji.js';
import type { Message } from '../../core/message.js';
import { redactDeep } from '../../core/redact/redact-deep.js';
import type { Redactor } from '../../core/redact/types.js';
import { CHANNEL_NAME, ConsoleChannels, type ConsoleMessageRecord } from './console-channels.js';

export type ConsoleEvent =
  | { type: 'post' | 'update'; id: string; thread: string | null; message: Message; channel?: string; user?: string }
  | { type: 'notice'; user: string; text: string; channel?: string }
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
  /** channels that exist already (incident channels from the store) */
  knownChannels?: string[];
  /** where a message id this process did not post lives (after a restart, or another replica's) */
  locate?: (id: string) => Promise<{ channel: string; thread: string | null } | undefined>;
  /** whether someone of that name acted on a console sharing the store (known-state.ts) */
  knownUser?: (name: string) => Promise<boolean>;
  /** the configured approve/reject emoji, which :help names (default: the config defaults) */
  approval?: Pick<ApprovalPolicyConfig, 'approveEmoji' | 'rejectEmoji'>;
}

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  private handlers?: ChatHandlers;
  private counter = 0;
  private messages = new Map<string, ConsoleMessageRecord>();
  private user: string;
  /** everyone who has acted on this console: configured users, the default user, each `:as` */
  private readonly people: Set<string>;
  /** the configured channel, where the console starts */
  readonly channel: ChannelRef;
  readonly channels: ConsoleChannels;
  readonly incidentChannels: ConsoleChannels;

  constructor(private readonly opts: ConsoleAdapterOptions) {
    this.user = opts.defaultUser;
    this.people = new Set([...Object.keys(opts.users), opts.defaultUser]);
    this.counter = (opts.firstId ?? 1) - 1;
    this.channel = { platform: 'console', id: opts.channel, name: opts.channel };
    this.channels = new ConsoleChannels(opts.channel, { post: (c, m, o) => this.post(c, m, o), info: (text) => this.emit({ type: 'info', text }), message: (id) => this.messages.get(id), users: () => [...this.people], knownElsewhere: (name) => opts.knownUser?.(name).catch(() => false) ?? Promise.resolve(false) }, opts.knownChannels);
    this.incidentChannels = this.channels;
  }

  /** where commands typed now go */
  get currentChannel(): ChannelRef {
    return this.channels.ref();
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

  /** what :help prints (and the console shows on start) */
  help(): string {
    return consoleHelp(this.opts.approval ?? approvalPolicySchema.parse({}));
  }

  get currentUser(): string {
    return this.user;
  }

  actor(name = this.user): Actor {
    return { platform: 'console', id: name, name, roles: this.opts.users[name] ?? [] };
  }

  private async nextId(): Promise<string> {
    const n = this.opts.nextId ? await this.opts.nextId() : ++this.counter;
    return `${this.opts.idPrefix ?? ''}m${n}`;
  }

  async post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef> {
    const id = await this.nextId();
    const thread = options?.thread ?? null;
    const name = channel.id || this.channel.id;
    this.channels.ensure(name);
    this.messages.set(id, { thread, channel: name, buttons: buttonIds(message) });
    this.emit({ type: 'post', id, thread, message, channel: name });
    return { channel: this.channels.ref(name), id, thread: thread ?? undefined };
  }

  async update(ref: MessageRef, message: Message): Promise<void> {
    const known = this.messages.get(ref.id);
    // every button it ever showed: a press on one an edit removed is the core's to answer ("already claimed")
    if (known) known.buttons = [...new Set([...(known.buttons ?? []), ...buttonIds(message)])];
    this.emit({ type: 'update', id: ref.id, thread: known?.thread ?? ref.thread ?? null, message, channel: known?.channel ?? ref.channel.id });
  }

  async notify(actor: Actor, channel: ChannelRef, text: string): Promise<void> {
    this.emit({ type: 'notice', user: actor.name, text, channel: channel.id || this.channels.current });
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
      await handlers.onInvocation({ command: m[1]!.toLowerCase(), args: m[2]!, actor: this.actor(), channel: this.currentChannel, platform: 'console', receivedAt: Date.now() });
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
        this.people.add(name);
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
        const known = this.messages.get(id) ?? (await this.opts.locate?.(id).catch(() => undefined));
        // Answer a typo instead of doing nothing: the id must be a message, the button one of its own.
        if (!known) {
          this.emit({ type: 'error', text: `there is no message ${id.slice(0, 40)}; message ids are the [m…] labels above each post` });
          return true;
        }
        const buttons = 'buttons' in known ? (known as { buttons?: string[] }).buttons : undefined;
        if (cmd === ':press' && buttons && !buttons.includes(what.toLowerCase())) {
          this.emit({ type: 'error', text: buttons.length ? `message ${id} has no button "${what.slice(0, 40)}"; its buttons: ${buttons.join(', ')}` : `message ${id} has no buttons to press` });
          return true;
        }
        // Like Slack and Discord: a reaction on a message a person wrote (:say) is chat between
        // people, not a vote, so the bot says nothing about it; 📌 is the exception (it pins).
        if ('author' in known && known.author && cmd === ':react' && !isPinEmoji(what)) return true;
        const message: MessageRef = { channel: known ? this.channels.ref(known.channel) : this.currentChannel, id, thread: known?.thread ?? undefined };
        if (cmd === ':react') await handlers.onReaction({ message, emoji: what, actor: this.actor() });
        else await handlers.onAction({ message, actionId: what.toLowerCase(), actor: this.actor() });
        return true;
      }
      case ':channel':
      case ':channels':
      case ':say':
        await this.channelCommand(cmd, text.slice(cmd.length).trim());
        return true;
      case ':help':
        this.emit({ type: 'info', text: this.help() });
        return true;
      default:
        this.emit({ type: 'error', text: `not a command: ${text.slice(0, 80)} (type :help)` });
        return true;
    }
  }

  /** `:channel NAME`, `:channels`, `:say TEXT` (a message people can 📌) */
  private async channelCommand(cmd: string, arg: string): Promise<void> {
    const sink = (event: ConsoleEvent) => this.emit(event);
    if (cmd === ':channels') {
      sink({ type: 'info', text: this.channels.list() });
    } else if (cmd === ':channel') {
      const name = arg.replace(/^#/, '');
      if (!name || !CHANNEL_NAME.test(name)) sink({ type: 'error', text: 'usage: :channel NAME (see :channels)' });
      else if (!this.channels.has(name)) sink({ type: 'error', text: `there is no channel #${name.slice(0, 80)}; :channels lists them` });
      else {
        this.channels.current = name;
        sink({ type: 'info', text: `you are in #${name}` });
      }
    } else if (!arg) {
      sink({ type: 'error', text: 'usage: :say TEXT' });
    } else {
      const id = await this.nextId();
      const channel = this.channels.current;
      this.messages.set(id, { thread: null, channel, author: this.user, text: arg, at: new Date().toISOString(), buttons: [] });
      sink({ type: 'post', id, thread: null, channel, user: this.user, message: { blocks: [{ type: 'text', text: arg }] } });
    }
  }
}

function buttonIds(message: Message): string[] {
  return message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons.map((x) => x.id.toLowerCase()) : []));
}

/** The console's own commands; the emoji :react takes are the configured ones, named as typed here and by name. */
export function consoleHelp(approval: Pick<ApprovalPolicyConfig, 'approveEmoji' | 'rejectEmoji'>): string {
  const shown = voteEmoji(approval, 'console');
  const named = voteEmoji(approval, 'slack');
  // Names are worth listing only where they differ from what is shown (✅ and white_check_mark, not 🚀 twice).
  const names = [named.approve, named.reject].filter((n) => n !== shown.approve && n !== shown.reject).map((n) => n.replace(/^:|:$/g, ''));
  return [
    'Commands: /help lists them all; /incident <topic> [step:N | from:N], /runbooks, /health [service], /rollback <version>, /status ..., /replay-stripe ...',
    ':as NAME            act as another user (alice is on call; bob and carol are approvers)',
    `:react ID EMOJI     react to a message (${shown.approve} approves, ${shown.reject} rejects${names.length ? `; names like ${names.join(', ')} work too` : ''})`,
    ':press ID BUTTON    press a button (approve / reject)',
    ':channel NAME       switch channel (:channels lists them; incidents get #inc-<n>-<slug>)',
    ':say TEXT           say something in the current channel (react 📌 to pin it to the incident)',
    ':help              this list',
    ':quit               leave',
  ].join('\n');
}
