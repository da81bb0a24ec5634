/**
 * Display names for actors. Slash commands and button presses carry a user name; reactions
 * carry only an id, so those are looked up once with users.info and cached.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

export class UserNames {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
  ) {}

  remember(id: string, name: string | undefined): void {
    if (name) this.names.set(id, name);
  }

  async nameOf(id: string): Promise<string> {
    const known = this.names.get(id);
    if (known) return known;
    try {
      const res = await this.client.users.info({ user: id });
      const u = res.user;
      const name = u?.profile?.display_name || u?.name || u?.real_name || id;
      this.names.set(id, name);
      return name;
    } catch (err) {
      // A name is cosmetic: fall back to the id rather than dropping the event.
      this.logger.debug({ err, user: id }, 'slack: users.info failed');
      return id;
    }
  }
}
