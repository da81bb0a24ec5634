/**
 * What an adapter offers for incident channels. Every method is optional: a platform without one
 * gets the fallback (a thread in the origin channel, the document posted as text). A refusal for
 * lack of permission is an OpsError with code CHANNEL_FORBIDDEN whose message names the missing
 * Slack scope or Discord permission, so the fallback can tell the channel why.
 */
import type { ChannelRef, MessageRef, PostOptions } from '../chat.js';
import type { Person } from './model.js';

export const CHANNEL_FORBIDDEN = 'CHANNEL_FORBIDDEN';

export interface IncidentChannelRequest {
  /** where the incident was declared */
  origin: ChannelRef;
  /** `inc-<n>-<slug>`: lower-case, digits and dashes, at most 80 characters */
  name: string;
  topic: string;
  /** platform user ids to invite (the declarer and configured responders) */
  invite: string[];
}

export interface IncidentFile {
  filename: string;
  title: string;
  content: string;
}

export interface PinnedMessage {
  author: Person;
  text: string;
  /** the message's own time, ISO-8601 */
  at: string;
}

/** `threadRoot`: the incident is a thread under its summary, posted in this channel (Discord threads). */
export type OpenedChannel = ChannelRef & { threadRoot?: boolean };

export interface IncidentChannelPort {
  createChannel(req: IncidentChannelRequest): Promise<OpenedChannel>;
  setTopic?(channel: ChannelRef, topic: string): Promise<void>;
  /** pins a message (the incident summary); CHANNEL_FORBIDDEN when not allowed */
  pin?(message: MessageRef): Promise<void>;
  upload?(channel: ChannelRef, file: IncidentFile, options?: PostOptions): Promise<void>;
  /** a mention or name as typed (`<@U123>`, `<@123>`, `@bob`) → the person, or undefined if there is no such user */
  findUser?(mention: string): Promise<Person | undefined>;
  /** author, text and time of a message someone reacted 📌 to */
  messageInfo?(message: MessageRef): Promise<PinnedMessage | undefined>;
  /**
   * Where threads are channels (Discord): the thread under `thread` (opened if need be) as a
   * channel a run can post in, so an incident that lives in a thread gets its runs there and not
   * in the parent channel. Undefined when the thread cannot be opened.
   */
  threadAsChannel?(channel: ChannelRef, thread: string): Promise<ChannelRef | undefined>;
}
