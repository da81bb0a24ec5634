/**
 * Discord adapter figures against the fake Discord, through the real discord.js client:
 * - discord_ack_p99_ms: 200 slash commands dispatched at once; p99 from dispatch on the gateway to
 *   the deferral callback arriving at the fake (Discord's limit is 3 s; goal ≤ 100 ms). The fake
 *   runs in its own process.
 * - discord_429_count: a 30-step run (root message + 30 step messages in its thread, queued at
 *   once) against a fake enforcing 5 messages per 5 s per channel; 429s answered (goal 0).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import pino from 'pino';

import { createDiscordAdapter } from '../src/adapters/discord/index.js';
import type { ChatHandlers } from '../src/core/chat.js';
import { msg } from '../src/core/message.js';
import { configSchema } from '../src/config/schema.js';
import { startFakeDiscord, type FakeDiscordOptions } from '../test/fakes/discord/fake-discord.js';

async function withAdapter<T>(fakeOpts: FakeDiscordOptions, handlers: ChatHandlers, fn: (a: ReturnType<typeof createDiscordAdapter>, fake: Awaited<ReturnType<typeof startFakeDiscord>>) => Promise<T>): Promise<T> {
  const fake = await startFakeDiscord(fakeOpts);
  const config = configSchema.parse({ discord: { token: 'bench-token', applicationId: fake.state.applicationId, apiUrl: fake.apiUrl, approverRoles: ['SRE'] } });
  const adapter = createDiscordAdapter({ config: config.discord, approval: config.approval, logger: pino({ level: 'silent' }) });
  await adapter.start(handlers);
  try {
    return await fn(adapter, fake);
  } finally {
    await adapter.stop();
    await fake.close();
  }
}

const noop: ChatHandlers = { onInvocation: async () => undefined, onReaction: async () => undefined, onAction: async () => undefined };

/** The fake runs in a child process: the figure is the client's, not the fake's, work. */
async function ackP99(): Promise<number> {
  const child = fork(fileURLToPath(new URL('./support/discord-fake-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  const next = <T>() => new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`fake Discord exited (${code})`)));
  });
  try {
    const { apiUrl, applicationId } = await next<{ apiUrl: string; applicationId: string }>();
    const config = configSchema.parse({ discord: { token: 'bench-token', applicationId, apiUrl } });
    const adapter = createDiscordAdapter({ config: config.discord, approval: config.approval, logger: pino({ level: 'silent' }) });
    await adapter.start(noop);
    try {
      // A running bot has handled interactions before: the first ones load discord.js's lazy
      // modules, which is start-up cost, not acknowledgement latency.
      const warm = next<{ p99: number }>();
      child.send({ burst: 10 });
      await warm;
      const answer = next<{ p99: number }>();
      child.send({ burst: 200 });
      return (await answer).p99;
    } finally {
      await adapter.stop();
    }
  } finally {
    child.send('close');
  }
}

async function count429(): Promise<number> {
  return withAdapter({ messageLimit: { limit: 5, windowMs: 5000 } }, noop, async (adapter, fake) => {
    const channel = { platform: 'discord' as const, id: fake.channel.id, name: 'incident' };
    const root = await adapter.post(channel, { blocks: [msg.header('Incident: bench'), msg.text('30 steps')] });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => adapter.post(channel, { blocks: [msg.steps([{ n: i + 1, title: `step ${i + 1}`, status: 'succeeded', code: 'true' }])] }, { thread: root.id })),
    );
    return fake.calls.filter((c) => c.status === 429).length;
  });
}

export async function run(): Promise<Record<string, number>> {
  const discord_ack_p99_ms = await ackP99();
  const discord_429_count = await count429();
  return { discord_ack_p99_ms, discord_429_count };
}
