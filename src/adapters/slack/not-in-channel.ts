/**
 * A slash command in a channel the bot is not a member of: Slack accepts the command, but every
 * chat.postMessage and chat.postEphemeral there fails `not_in_channel`, so the user would see
 * nothing. The command's response_url still works (5 uses, 30 minutes): remember Bolt's respond()
 * for it per channel and, on the first not_in_channel, tell the user there how to fix it, once per
 * command. respond() sends through the adapter's redacting fetch (redacting-client.ts), the same
 * boundary as every Web API call, so the command echoed back never carries a secret.
 */
import type { RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';

const RESPONSE_URL_TTL_MS = 30 * 60_000;

interface Pending {
  respond: RespondFn;
  command: string;
  at: number;
  answered: boolean;
}

export class NotInChannel {
  private readonly byChannel = new Map<string, Pending>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** a slash command arrived: its response_url (Bolt's respond) can still answer in that channel */
  remember(channel: string, respond: RespondFn | undefined, command: string): void {
    if (!respond) return;
    this.byChannel.set(channel, { respond, command, at: this.now(), answered: false });
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
      await pending.respond({ response_type: 'ephemeral', text });
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
