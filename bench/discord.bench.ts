/**
 * Discord adapter figures against the fake Discord, through the real discord.js client:
 * - discord_ack_p99_ms: 200 slash commands dispatched at once; p99 from dispatch on the gateway to
 *   the deferral callback arriving at the fake (Discord's limit is 3 s). The fake runs in its own
 *   process. Information; the goal is the ratio:
 * - discord_ack_ratio: that p99 ÷ the p99 of a bare discord.js client that only defers, against the
 *   same fake process in the same run, rounds alternating between the two. Goal ≤ 1.25.
 *   discord_ack_bare_p99_ms is the baseline's figure.
 * - discord_429_count: a real 30-step run through the core (its root message, the edits, the thread;
 *   bench/support/thirty-step-run.ts) against a fake enforcing 5 messages per 5 s per channel;
 *   429s answered (goal 0).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Client, GatewayIntentBits } from 'discord.js';
import pino from 'pino';

import { createDiscordAdapter } from '../src/adapters/discord/index.js';
import type { ChatHandlers } from '../src/core/chat.js';
import { configSchema } from '../src/config/schema.js';
import { startFakeDiscord, type FakeDiscordOptions } from '../test/fakes/discord/fake-discord.js';
import { thirtyStepRun } from './support/thirty-step-run.js';
import { percentile } from './support/stats.js';

async function withAdapter<T>(fakeOpts: FakeDiscordOptions, handlers: ChatHandlers, fn: (a: ReturnType<typeof createDiscordAdapter>, fake: Awaited<ReturnType<typeof startFakeDiscord>>) => Promise<T>): Promise<T> {
  const fake = await startFakeDiscord(fakeOpts);
  const config = configSchema.parse({ discord: { token: 'bench-token', applicationId: fake.state.applicationId, apiUrl: fake.apiUrl } });
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

const ROUNDS = 3;
const BURST = 200;

interface Target {
  name: string;
  start(apiUrl: string, applicationId: string): Promise<() => Promise<void>>;
}

/** opsbridge's adapter, configured as `opsbridge start` configures it. */
const ours: Target = {
  name: 'opsbridge',
  async start(apiUrl, applicationId) {
    const config = configSchema.parse({ discord: { token: 'bench-token', applicationId, apiUrl } });
    const adapter = createDiscordAdapter({ config: config.discord, approval: config.approval, logger: pino({ level: 'silent' }) });
    await adapter.start(noop);
    return () => adapter.stop();
  },
};

/** The baseline: a bare discord.js client whose only work is to defer each interaction. */
const bare: Target = {
  name: 'bare discord.js',
  async start(apiUrl) {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
    client.on('interactionCreate', (i) => {
      if (i.isRepliable()) void i.deferReply().catch(() => undefined);
    });
    const ready = new Promise<void>((resolve) => client.once('clientReady', () => resolve()));
    await client.login('bench-token');
    await ready;
    return () => client.destroy();
  },
};

/** The fake runs in a child process: the figure is the client's, not the fake's, work. */
async function ackLatencies(): Promise<{ ours: number[]; bare: number[] }> {
  const child = fork(fileURLToPath(new URL('./support/discord-fake-process.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  let waiting: { resolve(m: unknown): void; reject(e: Error): void } | undefined;
  child.on('message', (m) => waiting?.resolve(m));
  child.on('exit', (code) => waiting?.reject(new Error(`fake Discord exited (${code})`)));
  const next = <T>() => new Promise<T>((resolve, reject) => (waiting = { resolve: resolve as (m: unknown) => void, reject }));
  const burst = async (n: number) => {
    const answer = next<{ latencies: number[] }>();
    child.send({ burst: n });
    return (await answer).latencies;
  };
  try {
    const { apiUrl, applicationId } = await next<{ apiUrl: string; applicationId: string }>();
    const out = { ours: [] as number[], bare: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const [target, into] of [[bare, out.bare], [ours, out.ours]] as const) {
        const stop = await target.start(apiUrl, applicationId);
        try {
          // A running bot has handled interactions before: the first ones load discord.js's lazy
          // modules, which is start-up cost, not acknowledgement latency.
          await burst(10);
          into.push(...(await burst(BURST)));
        } finally {
          await stop();
        }
      }
    }
    return out;
  } finally {
    child.send('close');
  }
}

async function count429(): Promise<number> {
  return withAdapter({ messageLimit: { limit: 5, windowMs: 5000 } }, noop, async (adapter, fake) => {
    const member = Object.values(fake.members)[0]!;
    await thirtyStepRun(adapter, 'discord', fake.channel.id, { id: member.user.id, name: member.user.username });
    return fake.calls.filter((c) => c.status === 429).length;
  });
}

export async function run(): Promise<Record<string, number>> {
  const acks = await ackLatencies();
  const p99 = percentile(acks.ours, 99);
  const bareP99 = percentile(acks.bare, 99);
  const discord_429_count = await count429();
  return {
    discord_ack_p99_ms: Math.round(p99 * 10) / 10,
    discord_ack_bare_p99_ms: Math.round(bareP99 * 10) / 10,
    discord_ack_ratio: Math.round((p99 / bareP99) * 100) / 100,
    discord_429_count,
  };
}
