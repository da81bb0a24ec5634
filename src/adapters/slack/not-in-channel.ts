/**
 * A slash command in a channel the bot is not a member of: Slack accepts the command, but every
 * chat.postMessage and chat.postEphemeral there fails `not_in_channel`, so the user would see
 * nothing. The command's response_url still works (5 uses, 30 minutes): remember it per channel
 * and, on the first not_in_channel, tell the user there how to fix it, once per command.
 */
import type { Logger } from 'pino';

const RESPONSE_URL_TTL_MS = 30 * 60_000;

interface Pending {
  url: string;
  command: string;
  at: number;
  answered: boolean;
}

export class NotInChannel {
  private readonly byChannel = new Map<string, Pending>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
    private readonly redact: (text: string) => string = (t) => t,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** a slash command arrived: its response_url can still answer in that channel */
  remember(channel: string, responseUrl: string | undefined, command: string): void {
    if (!responseUrl) return;
    this.byChannel.set(channel, { url: responseUrl, command, at: this.now(), answered: false });
  }

  /** if `err` is not_in_channel for `channel`: log it and answer the last command there, once */
  async explain(err: unknown, channel: string, channelName: string | undefined): Promise<boolean> {
    if (!isNotInChannel(err)) return false;
    const where = channelName ? `#${channelName}` : `<#${channel}>`;
    this.logger.warn({ channel, channelName }, 'cannot post: the bot is not a member of this channel (not_in_channel); invite it there or add the chat:write.public scope');
    const pending = this.byChannel.get(channel);
    if (!pending || pending.answered || this.now() - pending.at > RESPONSE_URL_TTL_MS) return true;
    pending.answered = true;
    const text =
      `I can't post in ${where} because I'm not a member of it, so ${pending.command} could not show anything here. ` +
      `Invite me with \`/invite @opsbridge\` in ${where}, or add the \`chat:write.public\` scope to the app (public channels only), then run ${pending.command} again.`;
    try {
      const res = await this.fetchFn(pending.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: this.redact(JSON.stringify({ response_type: 'ephemeral', text })) });
      if (!res.ok) this.logger.warn({ channel, status: res.status }, 'could not answer through the response_url either');
    } catch (e) {
      this.logger.warn({ channel, err: (e as Error).message }, 'could not answer through the response_url either');
    }
    return true;
  }
}

export function isNotInChannel(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { data?: { error?: string } }).data?.error === 'not_in_channel') return true;
  }
  return false;
}
