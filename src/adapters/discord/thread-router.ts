/**
 * Where a run's follow-up messages go. A run outlives its interaction token, so it lives in
 * channel messages: a thread started from the run's first message where the bot may create one
 * (the thread takes the message's id), otherwise replies to that message in the channel.
 */
import { RESTJSONErrorCodes, Routes, DiscordAPIError, type REST } from 'discord.js';
import { BoundedMap } from '../../core/bounded-map.js';

export interface Target {
  channelId: string;
  /** in-channel fallback: reply to the run's first message */
  replyTo?: string;
}

export class ThreadRouter {
  // Bounded: a forgotten root asks Discord again, which answers "thread already created".
  private modes = new BoundedMap<string, Promise<'thread' | 'inline'>>(5_000);

  constructor(
    private rest: () => REST,
    private onInline: (root: string, err: unknown) => void,
  ) {}

  /** the target for a post in `root`'s thread; starts the thread on first use */
  async target(channelId: string, root: string, name: string): Promise<Target> {
    let mode = this.modes.get(root);
    if (!mode) {
      mode = this.start(channelId, root, name);
      this.modes.set(root, mode);
    }
    return (await mode) === 'thread' ? { channelId: root } : { channelId, replyTo: root };
  }

  /** where an already-posted message in `root`'s thread lives, without creating anything */
  known(root: string): Promise<'thread' | 'inline'> | undefined {
    return this.modes.get(root);
  }

  private async start(channelId: string, root: string, name: string): Promise<'thread' | 'inline'> {
    try {
      await this.rest().post(Routes.threads(channelId, root), { body: { name: name.slice(0, 100) || 'opsbridge run', auto_archive_duration: 1440 } });
      return 'thread';
    } catch (err) {
      if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return 'thread';
      if (err instanceof DiscordAPIError && (err.status === 403 || err.status === 400)) {
        this.onInline(root, err);
        return 'inline';
      }
      this.modes.delete(root); // a transient failure: try again next time
      throw err;
    }
  }
}
