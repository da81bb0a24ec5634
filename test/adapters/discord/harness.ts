/**
 * Test harness: a fake Discord, the real adapter (real discord.js) pointed at it, and a
 * recording ChatHandlers. Each handler call is kept and can be awaited.
 */
import pino from 'pino';

import { createDiscordAdapter } from '../../../src/adapters/discord/index.js';
import type { Action, ChatHandlers, Invocation, Reaction } from '../../../src/core/chat.js';
import { configSchema } from '../../../src/config/schema.js';
import type { Redactor } from '../../../src/core/redact/types.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/fake-discord.js';

export class RecordingHandlers implements ChatHandlers {
  invocations: Invocation[] = [];
  reactions: Reaction[] = [];
  actions: Action[] = [];
  private waiters: (() => void)[] = [];
  /** run inside onInvocation, like a core would (post, notify) */
  onInvocationDo: ((inv: Invocation) => Promise<void>) | null = null;
  onReactionDo: ((r: Reaction) => Promise<void>) | null = null;
  onActionDo: ((a: Action) => Promise<void>) | null = null;

  async onInvocation(inv: Invocation) {
    this.invocations.push(inv);
    this.wake();
    await this.onInvocationDo?.(inv);
  }
  async onReaction(r: Reaction) {
    this.reactions.push(r);
    this.wake();
    await this.onReactionDo?.(r);
  }
  async onAction(a: Action) {
    this.actions.push(a);
    this.wake();
    await this.onActionDo?.(a);
  }
  private wake() {
    this.waiters.splice(0).forEach((w) => w());
  }
  /** resolves once pred holds (checked after every recorded event) */
  async until(pred: () => boolean): Promise<void> {
    while (!pred()) await new Promise<void>((r) => this.waiters.push(r));
  }
}

/** the real adapter pointed at `fake` (not started): a second one on the same fake is a restarted bot */
export function adapterFor(fake: FakeDiscord, opts: { channels?: string[]; approverRoles?: string[]; redactor?: Redactor } = {}): ReturnType<typeof createDiscordAdapter> {
  const config = configSchema.parse({
    discord: { token: 'test-token', applicationId: fake.state.applicationId, guildId: fake.guildId, apiUrl: fake.apiUrl, channels: opts.channels ?? [], approverRoles: opts.approverRoles ?? [fake.roles.sre.id] },
  });
  return createDiscordAdapter({ config: config.discord, approval: config.approval, logger: pino({ level: 'silent' }), ...(opts.redactor ? { redactor: opts.redactor } : {}) });
}

export interface Harness {
  fake: FakeDiscord;
  adapter: ReturnType<typeof createDiscordAdapter>;
  handlers: RecordingHandlers;
  close(): Promise<void>;
}

export async function startHarness(opts: { fake?: FakeDiscordOptions; channels?: string[]; approverRoles?: string[]; redactor?: Redactor } = {}): Promise<Harness> {
  const fake = await startFakeDiscord(opts.fake);
  const adapter = adapterFor(fake, opts);
  const handlers = new RecordingHandlers();
  await adapter.start(handlers);
  return {
    fake,
    adapter,
    handlers,
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}
