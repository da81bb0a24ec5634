/**
 * The platform boundary. Adapters translate platform events into these values and render
 * Message documents; the core never sees a platform type or client.
 */
import type { IncidentChannelPort } from './incidents/channel-port.js';
import type { Message } from './message.js';

export type Platform = 'console' | 'slack' | 'discord' | (string & {});

export interface Actor {
  platform: Platform;
  id: string;
  name: string;
  /** platform role/group ids or names the adapter resolved (Discord roles, Slack user groups, console roles) */
  roles: string[];
}

export interface ChannelRef {
  platform: Platform;
  id: string;
  name?: string;
  /** for a private notice: the thread it is about (an approval's), where the platform can show it there */
  thread?: string;
}

/** Where a posted message lives. `thread` is the root message id of the run's thread, if any. */
export interface MessageRef {
  channel: ChannelRef;
  id: string;
  thread?: string;
}

export interface Invocation {
  /** command name without the slash: 'incident' */
  command: string;
  /** raw argument text as typed: 'db step:3' */
  args: string;
  actor: Actor;
  channel: ChannelRef;
  /** the thread it was typed in, where the platform has threads commands can be typed in (Discord) */
  thread?: string;
  platform: Platform;
  /** when the platform requires an early answer (Discord deferral), the adapter has already sent it */
  receivedAt?: number;
}

export interface Reaction {
  message: MessageRef;
  /** emoji as the platform reports it: a unicode character or a name like 'white_check_mark' */
  emoji: string;
  actor: Actor;
}

/** A button press. */
export interface Action {
  message: MessageRef;
  /** the Button.id that was pressed */
  actionId: string;
  actor: Actor;
}

export interface ChatHandlers {
  onInvocation(inv: Invocation): Promise<void>;
  onReaction(reaction: Reaction): Promise<void>;
  onAction(action: Action): Promise<void>;
}

export interface PostOptions {
  /** post as a reply in this thread (root message id) */
  thread?: string;
}

export interface ChatAdapter {
  readonly platform: Platform;
  start(handlers: ChatHandlers): Promise<void>;
  stop(): Promise<void>;
  post(channel: ChannelRef, message: Message, options?: PostOptions): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
  /** tell one person something privately (ephemeral / DM / console notice) */
  notify(actor: Actor, channel: ChannelRef, text: string): Promise<void>;
  /** true while connected; /readyz reports it */
  ready(): boolean;
  /**
   * The approver ids this platform's config adds (Slack user-group and user ids, Discord role
   * and user ids), already validated as ids. Snapshotted on each request made on this platform.
   */
  approvers?(): { roles: string[]; users: string[] };
  /** Role ids the policy may ask about beyond the configured ones (runbook overrides), for adapters that must look membership up. */
  watchRoles?(ids: string[]): void;
  /** incident channels, pins and files, where the platform offers them */
  readonly incidentChannels?: IncidentChannelPort;
}
