/**
 * The fake Slack's channels, pins, files and history, as the Web API answers them: each method
 * checks its OAuth scope first (`missing_scope` with `needed`, as Slack does), conversations.create
 * refuses a taken name (`name_taken`), files.uploadV2's three steps (getUploadURLExternal, the
 * upload, completeUploadExternal) leave a shared file in the channel.
 */
export interface FakeChannel {
  id: string;
  name: string;
  is_private: boolean;
  topic: string;
  members: string[];
}

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  content: string;
  channel?: string;
  thread_ts?: string;
}

export interface HistoryMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  thread_ts?: string;
}

const SCOPES: Record<string, (p: Record<string, unknown>) => string> = {
  'conversations.create': (p) => (String(p.is_private) === 'true' ? 'groups:write' : 'channels:manage'),
  'conversations.invite': () => 'channels:manage',
  'conversations.setTopic': () => 'channels:manage',
  'conversations.history': () => 'channels:history',
  'conversations.replies': () => 'channels:history',
  'pins.add': () => 'pins:write',
  'files.getUploadURLExternal': () => 'files:write',
  'files.completeUploadExternal': () => 'files:write',
};

export const ALL_SCOPES = ['channels:manage', 'groups:write', 'channels:history', 'pins:write', 'files:write', 'chat:write', 'commands', 'reactions:read', 'users:read', 'usergroups:read'];

export class FakeSlackChannels {
  readonly channels: FakeChannel[] = [];
  readonly pins: { channel: string; timestamp: string }[] = [];
  readonly files: FakeFile[] = [];
  private counter = 0;

  constructor(
    readonly scopes: Set<string>,
    private readonly baseUrl: () => string,
    private readonly history: () => HistoryMessage[],
  ) {}

  byName(name: string): FakeChannel | undefined {
    return this.channels.find((c) => c.name === name);
  }

  /** the file content an upload URL received */
  upload(fileId: string, content: string): boolean {
    const f = this.files.find((x) => x.id === fileId);
    if (!f) return false;
    f.content = content;
    return true;
  }

  /** undefined: not a method this part knows */
  answer(method: string, p: Record<string, unknown>): Record<string, unknown> | undefined {
    const scope = SCOPES[method];
    if (!scope) return undefined;
    const needed = scope(p);
    if (!this.scopes.has(needed)) return { ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') };
    const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : String(v));
    switch (method) {
      case 'conversations.create': {
        const name = s(p.name);
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if (this.byName(name)) return { ok: false, error: 'name_taken' };
        const channel: FakeChannel = { id: `C${String(++this.counter).padStart(4, '0')}INC`, name, is_private: String(p.is_private) === 'true', topic: '', members: [] };
        this.channels.push(channel);
        return { ok: true, channel: { id: channel.id, name, is_channel: true, is_private: channel.is_private, topic: { value: '' } } };
      }
      case 'conversations.invite': {
        const c = this.channels.find((x) => x.id === s(p.channel));
        if (!c) return { ok: false, error: 'channel_not_found' };
        for (const u of s(p.users).split(',').filter(Boolean)) if (!c.members.includes(u)) c.members.push(u);
        return { ok: true, channel: { id: c.id, name: c.name } };
      }
      case 'conversations.setTopic': {
        const c = this.channels.find((x) => x.id === s(p.channel));
        if (!c) return { ok: false, error: 'channel_not_found' };
        if (s(p.topic).length > 250) return { ok: false, error: 'too_long' };
        c.topic = s(p.topic);
        return { ok: true, channel: { id: c.id, topic: { value: c.topic } } };
      }
      case 'pins.add': {
        const pin = { channel: s(p.channel), timestamp: s(p.timestamp) };
        if (this.pins.some((x) => x.channel === pin.channel && x.timestamp === pin.timestamp)) return { ok: false, error: 'already_pinned' };
        this.pins.push(pin);
        return { ok: true };
      }
      case 'conversations.history':
      case 'conversations.replies': {
        const channel = s(p.channel);
        const ts = s(p.latest || p.ts);
        const found = this.history().filter((m) => m.channel === channel && (!ts || m.ts === ts));
        return { ok: true, messages: found.map((m) => ({ type: 'message', user: m.user, text: m.text, ts: m.ts, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) })), has_more: false };
      }
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.counter).padStart(6, '0')}`;
        this.files.push({ id, filename: s(p.filename), title: '', content: '' });
        return { ok: true, upload_url: `${this.baseUrl()}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = JSON.parse(s(p.files) || '[]') as { id: string; title?: string }[];
        for (const item of list) {
          const f = this.files.find((x) => x.id === item.id);
          if (!f) return { ok: false, error: 'file_not_found' };
          f.title = item.title ?? f.filename;
          if (p.channel_id) f.channel = s(p.channel_id);
          if (p.thread_ts) f.thread_ts = s(p.thread_ts);
        }
        return { ok: true, files: list.map((i) => ({ id: i.id, title: i.title })) };
      }
    }
    return undefined;
  }
}
