/**
 * Interaction tokens by user, so a private notice can be an ephemeral follow-up (Discord's only
 * private reply in a channel) while the token lives (15 minutes), and a DM after that.
 */
import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';

import type { Clock } from '../../core/clock.js';

/** stay clear of the 15-minute edge: a follow-up sent at 14:59 may arrive after expiry */
export const TOKEN_TTL_MS = 14 * 60_000;

export interface InteractionContext {
  interaction: ChatInputCommandInteraction | ButtonInteraction;
  userId: string;
  receivedAt: number;
  /** the deferred (ephemeral) reply still shows "thinking…": the first pointer or notice fills it */
  replyOpen: boolean;
}

export class InteractionTokens {
  private byUser = new Map<string, InteractionContext>();

  constructor(private clock: Clock) {}

  remember(ctx: InteractionContext): void {
    this.byUser.set(ctx.userId, ctx);
  }

  /** the newest live interaction of this user, if any */
  live(userId: string): InteractionContext | undefined {
    const ctx = this.byUser.get(userId);
    if (!ctx) return undefined;
    if (this.clock.now() - ctx.receivedAt > TOKEN_TTL_MS) {
      this.byUser.delete(userId);
      return undefined;
    }
    return ctx;
  }
}
