/**
 * Incident channels on Slack: conversations.create (`inc-<n>-<slug>`, a suffix when the name is
 * taken), invite the declarer and responders, set the topic, pin the summary, upload the
 * postmortem with files.uploadV2, read a 📌-reacted message. A missing OAuth scope becomes
 * CHANNEL_FORBIDDEN naming the scope, so the core falls back to a thread and says which one.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

import type { ChannelRef, MessageRef, PostOptions } from '../../core/chat.js';
import { OpsError, errorMessage } from '../../core/errors.js';
import { CHANNEL_FORBIDDEN, type IncidentChannelPort, type IncidentChannelRequest, type IncidentFile, type PinnedMessage } from '../../core/incidents/channel-port.js';
import type { Person } from '../../core/incidents/model.js';
import type { UserNames } from './user-names.js';

const slackError = (err: unknown): { error?: string; needed?: string } => ((err as { data?: { error?: string; needed?: string } }).data ?? {});

function forbidden(err: unknown, what: string, scope: string): OpsError | undefined {
  const e = slackError(err);
  if (e.error !== 'missing_scope' && e.error !== 'restricted_action' && e.error !== 'not_allowed_token_type') return undefined;
  const needed = e.needed ?? scope;
  return new OpsError(CHANNEL_FORBIDDEN, `the Slack app may not ${what}: it lacks the ${needed} scope (add it under OAuth & Permissions and reinstall the app)`, { cause: err });
}

export class SlackIncidentChannels implements IncidentChannelPort {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly names: UserNames,
    private readonly logger: Logger,
    private readonly opts: { privateChannels: boolean; botUserId: () => string | undefined },
  ) {}

  async createChannel(req: IncidentChannelRequest): Promise<ChannelRef> {
    const scope = this.opts.privateChannels ? 'groups:write' : 'channels:manage';
    let created: { id: string; name: string } | undefined;
    for (let attempt = 1; !created && attempt <= 5; attempt++) {
      const name = attempt === 1 ? req.name : `${req.name.slice(0, 76)}-${attempt}`;
      try {
        const res = await this.client.conversations.create({ name, is_private: this.opts.privateChannels });
        created = { id: String(res.channel?.id), name: String(res.channel?.name ?? name) };
      } catch (err) {
        if (slackError(err).error === 'name_taken') continue; // an old channel of that name: try the next suffix
        throw forbidden(err, 'create channels', scope) ?? err;
      }
    }
    if (!created) throw new OpsError('CHANNEL_NAME_TAKEN', `the channel names ${req.name} to ${req.name}-5 are all taken`);
    const channel: ChannelRef = { platform: 'slack', id: created.id, name: created.name };
    const users = req.invite.filter((u) => /^[UW][A-Z0-9]+$/.test(u) && u !== this.opts.botUserId());
    if (users.length) {
      await this.client.conversations.invite({ channel: created.id, users: users.join(',') }).catch((err: unknown) => this.logger.warn({ err: errorMessage(err), channel: created!.id }, 'slack: inviting responders failed'));
    }
    await this.setTopic(channel, req.topic).catch((err: unknown) => this.logger.warn({ err: errorMessage(err) }, 'slack: setting the topic failed'));
    return channel;
  }

  async setTopic(channel: ChannelRef, topic: string): Promise<void> {
    await this.client.conversations.setTopic({ channel: channel.id, topic: topic.slice(0, 250) });
  }

  async pin(message: MessageRef): Promise<void> {
    try {
      await this.client.pins.add({ channel: message.channel.id, timestamp: message.id });
    } catch (err) {
      if (slackError(err).error === 'already_pinned') return;
      throw forbidden(err, 'pin messages', 'pins:write') ?? err;
    }
  }

  async upload(channel: ChannelRef, file: IncidentFile, options?: PostOptions): Promise<void> {
    try {
      const base = { channel_id: channel.id, filename: file.filename, title: file.title, content: file.content };
      await (options?.thread ? this.client.files.uploadV2({ ...base, thread_ts: options.thread }) : this.client.files.uploadV2(base));
    } catch (err) {
      throw forbidden(err, 'upload files', 'files:write') ?? err;
    }
  }

  async findUser(mention: string): Promise<Person | undefined> {
    // Slack escapes mentions in slash commands as <@U123|name> (or <@U123>).
    const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(mention.trim());
    if (!m) return undefined;
    try {
      const res = await this.client.users.info({ user: m[1]! });
      if (!res.user) return undefined;
      return { id: m[1]!, name: await this.names.nameOf(m[1]!) };
    } catch {
      return undefined;
    }
  }

  async messageInfo(message: MessageRef): Promise<PinnedMessage | undefined> {
    const args = { channel: message.channel.id, latest: message.id, inclusive: true, limit: 1 };
    const res = message.thread && message.thread !== message.id ? await this.client.conversations.replies({ ...args, ts: message.thread }) : await this.client.conversations.history(args);
    const found = (res.messages ?? []).find((m) => m.ts === message.id);
    if (!found?.user) return undefined;
    return { author: { id: found.user, name: await this.names.nameOf(found.user) }, text: found.text ?? '', at: new Date(Number(found.ts) * 1000).toISOString() };
  }
}
