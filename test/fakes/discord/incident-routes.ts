/**
 * The fake Discord's routes for incident channels: a text channel under a category
 * (Manage Channels), pins (Manage Messages), channel topics, and messages with attachments sent as
 * multipart/form-data (`payload_json` plus `files[n]`). Each permission can be withheld, which
 * answers 403 with code 50013 Missing Permissions, as Discord does.
 */
import { snowflake } from './snowflake.js';
import { ChannelType, type ApiChannel, type FakeState } from './state.js';

type Reply = { status: number; json?: unknown };

export interface FakeAttachment {
  channelId: string;
  messageId: string;
  filename: string;
  content: string;
}

export class FakeIncidentRoutes {
  manageChannels = true;
  manageMessages = true;
  attachFiles = true;
  readonly pins: { channelId: string; messageId: string }[] = [];
  readonly attachments: FakeAttachment[] = [];

  constructor(private readonly state: FakeState) {}

  createChannel(guildId: string, body: any): Reply {
    if (!this.manageChannels) return { status: 403, json: { message: 'Missing Permissions', code: 50013 } };
    if (guildId !== this.state.guildId) return { status: 404, json: { message: 'Unknown Guild', code: 10004 } };
    const c: ApiChannel = { id: snowflake(), type: ChannelType.GuildText, name: String(body?.name ?? 'channel'), guild_id: guildId, parent_id: body?.parent_id ?? null, position: this.state.channels.size, permission_overwrites: [] };
    (c as ApiChannel & { topic?: string }).topic = body?.topic ?? '';
    this.state.channels.set(c.id, c);
    return { status: 201, json: c };
  }

  patchChannel(channelId: string, body: any): Reply {
    const c = this.state.channels.get(channelId) as (ApiChannel & { topic?: string }) | undefined;
    if (!c) return { status: 404, json: { message: 'Unknown Channel', code: 10003 } };
    if (!this.manageChannels) return { status: 403, json: { message: 'Missing Permissions', code: 50013 } };
    if (typeof body?.topic === 'string') c.topic = body.topic;
    return { status: 200, json: c };
  }

  pin(channelId: string, messageId: string): Reply {
    if (!this.manageMessages) return { status: 403, json: { message: 'Missing Permissions', code: 50013 } };
    const msg = this.state.messages.get(messageId);
    if (!msg || msg.channel_id !== channelId) return { status: 404, json: { message: 'Unknown Message', code: 10008 } };
    if (!this.pins.some((p) => p.messageId === messageId)) this.pins.push({ channelId, messageId });
    return { status: 204 };
  }

  /** multipart body → the JSON payload, recording its files; undefined when not multipart */
  multipart(channelId: string, contentType: string, raw: string): { payload: any; files: { filename: string; content: string }[] } | Reply | undefined {
    const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    if (!contentType.includes('multipart/form-data') || !m) return undefined;
    if (!this.attachFiles) return { status: 403, json: { message: 'Missing Permissions', code: 50013 } };
    const boundary = m[1] ?? m[2]!;
    let payload: any = {};
    const files: { filename: string; content: string }[] = [];
    for (const part of raw.split(`--${boundary}`)) {
      const [head, ...rest] = part.split('\r\n\r\n');
      if (!head || !rest.length) continue;
      const body = rest.join('\r\n\r\n').replace(/\r\n$/, '');
      const name = /name="([^"]+)"/.exec(head)?.[1];
      const filename = /filename="([^"]+)"/.exec(head)?.[1];
      if (name === 'payload_json') payload = JSON.parse(body);
      else if (name?.startsWith('files[') && filename) files.push({ filename, content: body });
    }
    void channelId;
    return { payload, files };
  }
}
