/**
 * What the fake Discord knows: one application and bot user, one guild with channels, roles and
 * members, messages per channel, threads, reactions, DM channels and registered commands.
 * Objects are stored in the API's own JSON shapes so REST and gateway payloads are just copies.
 */
import { snowflake } from './snowflake.js';

export interface ApiUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface ApiRole {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
}

export interface ApiMember {
  user: ApiUser;
  roles: string[];
  nick: string | null;
  joined_at: string;
  deaf: boolean;
  mute: boolean;
  flags: number;
}

export interface ApiChannel {
  id: string;
  type: number;
  name?: string;
  guild_id?: string;
  parent_id?: string | null;
  owner_id?: string;
  recipients?: ApiUser[];
  position?: number;
  permission_overwrites?: unknown[];
  thread_metadata?: { archived: boolean; auto_archive_duration: number; archive_timestamp: string; locked: boolean };
  message_count?: number;
  member_count?: number;
}

export interface ApiReaction {
  emoji: { id: string | null; name: string };
  count: number;
  me: boolean;
  users: string[];
}

export interface ApiMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  allowed_mentions?: unknown;
  message_reference?: { message_id: string; channel_id?: string };
  flags: number;
  timestamp: string;
  edited_timestamp: string | null;
  type: number;
  webhook_id?: string;
  application_id?: string;
  reactions: ApiReaction[];
}

export const ChannelType = { GuildText: 0, DM: 1, PublicThread: 11 } as const;

export function user(id: string, username: string, bot = false): ApiUser {
  return { id, username, global_name: username, discriminator: '0', avatar: null, ...(bot ? { bot: true } : {}) };
}

export function role(id: string, name: string, position = 1): ApiRole {
  return { id, name, color: 0, hoist: false, position, permissions: '0', managed: false, mentionable: true, flags: 0 };
}

export function member(u: ApiUser, roles: string[]): ApiMember {
  return { user: u, roles, nick: null, joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
}

export class FakeState {
  readonly applicationId = snowflake();
  readonly botUser = user(this.applicationId, 'opsbridge', true);
  readonly guildId: string;
  guildName = 'Ops';
  roles = new Map<string, ApiRole>();
  members = new Map<string, ApiMember>();
  users = new Map<string, ApiUser>();
  channels = new Map<string, ApiChannel>();
  messages = new Map<string, ApiMessage>();
  /** registered application commands: key 'global' or guild id */
  commands = new Map<string, unknown[]>();
  /** interaction id → token, response state and reply messages */
  interactions = new Map<string, { id: string; token: string; userId: string; channelId: string; responded: number | null; original?: ApiMessage }>();
  /** followups and @original messages by id */
  webhookMessages = new Map<string, ApiMessage>();
  /** when false, creating threads answers 50013 Missing Permissions */
  threadsAllowed = true;

  constructor(guildId?: string) {
    this.guildId = guildId ?? snowflake();
    this.users.set(this.botUser.id, this.botUser);
    this.roles.set(this.guildId, role(this.guildId, '@everyone', 0)); // @everyone shares the guild id
  }

  addRole(name: string): ApiRole {
    const r = role(snowflake(), name, this.roles.size);
    this.roles.set(r.id, r);
    return r;
  }

  addMember(username: string, roleIds: string[] = []): ApiMember {
    const u = user(snowflake(), username);
    this.users.set(u.id, u);
    const m = member(u, roleIds);
    this.members.set(u.id, m);
    return m;
  }

  addChannel(name: string): ApiChannel {
    const c: ApiChannel = { id: snowflake(), type: ChannelType.GuildText, name, guild_id: this.guildId, parent_id: null, position: this.channels.size, permission_overwrites: [] };
    this.channels.set(c.id, c);
    return c;
  }

  newMessage(channelId: string, author: ApiUser, body: Record<string, unknown>): ApiMessage {
    const channel = this.channels.get(channelId);
    return {
      id: snowflake(),
      channel_id: channelId,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
      author,
      content: typeof body.content === 'string' ? body.content : '',
      embeds: Array.isArray(body.embeds) ? body.embeds : [],
      components: Array.isArray(body.components) ? body.components : [],
      allowed_mentions: body.allowed_mentions,
      ...(body.message_reference ? { message_reference: body.message_reference as ApiMessage['message_reference'] } : {}),
      flags: typeof body.flags === 'number' ? body.flags : 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: body.message_reference ? 19 : 0,
      reactions: [],
    };
  }

  /** the JSON Discord returns for a message (reactions without the user list) */
  messageJson(m: ApiMessage): Record<string, unknown> {
    const { reactions, allowed_mentions: _am, ...rest } = m;
    return {
      ...rest,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      ...(reactions.length ? { reactions: reactions.map((r) => ({ emoji: r.emoji, count: r.count, me: r.me, burst_colors: [], count_details: { burst: 0, normal: r.count }, me_burst: false, burst_count: 0 })) } : {}),
    };
  }

  guildJson(threads: ApiChannel[]): Record<string, unknown> {
    return {
      id: this.guildId,
      name: this.guildName,
      icon: null,
      owner_id: this.botUser.id,
      unavailable: false,
      member_count: this.members.size + 1,
      large: false,
      joined_at: new Date(0).toISOString(),
      features: [],
      roles: [...this.roles.values()],
      emojis: [],
      stickers: [],
      channels: [...this.channels.values()].filter((c) => c.type === ChannelType.GuildText),
      threads,
      members: [member(this.botUser, []), ...this.members.values()],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
      system_channel_flags: 0,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      afk_timeout: 300,
    };
  }
}
