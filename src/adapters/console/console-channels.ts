/**
 * Named channels for the console: the configured channel plus every incident channel. `:channel
 * NAME` switches where commands are typed, `:channels` lists them; every event names its channel.
 * Also the console's side of incident channels: creating one, its topic, pins and files.
 */
import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import type { IncidentChannelPort, IncidentChannelRequest, IncidentFile, PinnedMessage } from '../../core/incidents/channel-port.js';
import type { Message } from '../../core/message.js';

export const CHANNEL_NAME = /^[\p{L}\p{N}._-]{1,80}$/u;

export interface ConsoleMessageRecord {
  channel: string;
  thread: string | null;
  /** set for messages people typed with :say (the bot's own posts have none) */
  author?: string;
  text?: string;
  at?: string;
  /** every button the bot has shown on it (posted or added by an edit) */
  buttons?: string[];
}

interface ChannelState {
  topic: string | null;
  pins: string[];
}

export interface ConsoleChannelHost {
  post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef>;
  info(text: string): void;
  message(id: string): ConsoleMessageRecord | undefined;
  /** configured console user names */
  users(): string[];
}

export class ConsoleChannels implements IncidentChannelPort {
  private channels = new Map<string, ChannelState>();
  current: string;

  constructor(
    readonly defaultChannel: string,
    private readonly host: ConsoleChannelHost,
    known: string[] = [],
  ) {
    this.current = defaultChannel;
    for (const name of [defaultChannel, ...known]) this.ensure(name);
  }

  ref(name = this.current): ChannelRef {
    return { platform: 'console', id: name, name };
  }

  ensure(name: string): void {
    if (!this.channels.has(name)) this.channels.set(name, { topic: null, pins: [] });
  }

  has(name: string): boolean {
    return this.channels.has(name);
  }

  /** `#incident`, `#inc-1-db (SEV1 · investigating)`, the current one marked */
  list(): string {
    return [...this.channels.entries()]
      .map(([name, s]) => `${name === this.current ? '*' : ' '} #${name}${s.topic ? `  ${s.topic}` : ''}`)
      .join('\n');
  }

  async createChannel(req: IncidentChannelRequest): Promise<ChannelRef> {
    this.ensure(req.name);
    this.channels.get(req.name)!.topic = req.topic;
    this.host.info(`#${req.name} was created for the incident; type :channel ${req.name} to go there.`);
    return this.ref(req.name);
  }

  async setTopic(channel: ChannelRef, topic: string): Promise<void> {
    this.ensure(channel.id);
    this.channels.get(channel.id)!.topic = topic;
  }

  async pin(message: MessageRef): Promise<void> {
    this.ensure(message.channel.id);
    const pins = this.channels.get(message.channel.id)!.pins;
    if (!pins.includes(message.id)) pins.push(message.id);
  }

  async upload(channel: ChannelRef, file: IncidentFile, options?: PostOptions): Promise<void> {
    await this.host.post(channel, { blocks: [{ type: 'header', text: `📄 ${file.filename}: ${file.title}` }, { type: 'code', text: file.content, lang: 'markdown' }] }, options);
  }

  async findUser(mention: string): Promise<{ id: string; name: string } | undefined> {
    const name = mention.replace(/^@/, '');
    return this.host.users().includes(name) ? { id: name, name } : undefined;
  }

  async messageInfo(message: MessageRef): Promise<PinnedMessage | undefined> {
    const m = this.host.message(message.id);
    if (!m?.author || m.text === undefined) return undefined;
    return { author: { id: m.author, name: m.author }, text: m.text, at: m.at ?? new Date().toISOString() };
  }
}
