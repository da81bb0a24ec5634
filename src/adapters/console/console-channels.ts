/**
 * Named channels for the console: the configured channel plus every incident channel. `:channel
 * NAME` switches where commands are typed, `:channels` lists them; every event names its channel.
 * Also the console's side of incident channels: creating one, its topic, pins and files.
 */
import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import type { IncidentChannelPort, IncidentChannelRequest, IncidentFile, PinnedMessage } from '../../core/incidents/channel-port.js';
import { OpsError } from '../../core/errors.js';
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
  /** console user names: the configured ones and everyone who has acted here */
  users(): string[];
  /** whether someone of that name acted on a console sharing the store (another replica, an earlier run) */
  knownElsewhere(name: string): Promise<boolean>;
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

  /**
   * `@dave` (or `dave`): a console user is a name, as a Slack or Discord user is an id. Anyone the
   * console knows counts: configured users, whoever has acted here with `:as`, and anyone who
   * acted on a console sharing the store. Nobody else, so a typo is not silently made a role holder.
   */
  async findUser(mention: string): Promise<{ id: string; name: string } | undefined> {
    const name = mention.trim().replace(/^@/, '');
    if (!CHANNEL_NAME.test(name)) return undefined;
    if (this.host.users().includes(name) || (await this.host.knownElsewhere(name))) return { id: name, name };
    const known = this.host.users();
    throw new OpsError(
      'UNKNOWN_USER',
      `I do not know a user "@${name.slice(0, 40)}" on this console. People I know: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}. ` +
        `Someone new is known once they have typed here (:as ${name.slice(0, 40)}).`,
    );
  }

  async messageInfo(message: MessageRef): Promise<PinnedMessage | undefined> {
    const m = this.host.message(message.id);
    if (!m?.author || m.text === undefined) return undefined;
    return { author: { id: m.author, name: m.author }, text: m.text, at: m.at ?? new Date().toISOString() };
  }
}
