/**
 * Slack HTTP-mode ack latency, through the real Bolt stack against the fake Slack:
 * - slack_ack_p99_ms: 200 concurrent signed slash-command requests to POST /slack/events on the
 *   bot's own HTTP server (the adapter's route receiver); p99 time from send to the HTTP 200.
 * - slack_ack_ratio: that p99 over the p99 of a bare Bolt app (its own HTTPReceiver, a listener
 *   that only acks) measured in the same run the same way. Goal ≤ 1.25.
 * Each target gets a warm-up, then rounds alternate between them so machine noise hits both.
 * - slack_429_count: a real 30-step run through the core (root message, its edits, the thread;
 *   bench/support/thirty-step-run.ts) against a fake that paces chat.postMessage per channel as
 *   Slack does (short bursts, then about one a second); 429s answered. Goal 0.
 */
import { App, LogLevel } from '@slack/bolt';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import { createSlackAdapter } from '../src/adapters/slack/index.js';
import { configSchema } from '../src/config/schema.js';
import type { ChatHandlers } from '../src/core/chat.js';
import { createHttpServer } from '../src/http/server.js';
import { FakeSlack } from '../test/fakes/slack/fake-slack.js';
import { SlackHttpDriver } from '../test/fakes/slack/http-driver.js';
import { slashCommandPayload } from '../test/fakes/slack/payloads.js';
import { thirtyStepRun } from './support/thirty-step-run.js';
import { percentile } from './support/stats.js';

const SECRET = 'bench-signing-secret';
const CONCURRENT = 200;
const ROUNDS = 3;
const logger = pino({ level: 'silent' });

// What the core would do after the ack, roughly: some async work per invocation.
const handlers: ChatHandlers = {
  onInvocation: async () => void (await new Promise((r) => setImmediate(r))),
  onReaction: async () => undefined,
  onAction: async () => undefined,
};

async function burst(driver: SlackHttpDriver, fake: FakeSlack, n: number): Promise<number[]> {
  const bodies = Array.from({ length: n }, (_, i) => slashCommandPayload(fake, { command: '/incident', text: `db ${i}`, user: `U${i % 20}`, channel: 'C0INC' }));
  return Promise.all(
    bodies.map(async (b) => {
      const t0 = performance.now();
      const res = await driver.slashCommand(b);
      if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
      return performance.now() - t0;
    }),
  );
}

async function count429(): Promise<number> {
  const fake = await new FakeSlack({ postLimit: { limit: 3, windowMs: 3000 } }).start();
  const config = configSchema.parse({ slack: { botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl } });
  const { adapter } = createSlackAdapter({ config: config.slack, approval: config.approval, commands: [{ name: 'incident', description: 'x' }], logger });
  await adapter.start(handlers);
  try {
    await thirtyStepRun(adapter, 'slack', 'C0INC', { id: 'U1', name: 'alice' });
    return fake.throttled;
  } finally {
    await adapter.stop();
    await fake.close();
  }
}

export async function run(): Promise<Record<string, number>> {
  const slack_429_count = await count429();
  const fake = await new FakeSlack({ userGroups: { S0ONCALL: ['U1', 'U2'] } }).start();

  // opsbridge: adapter route mounted on the bot's own HTTP server
  const config = configSchema.parse({ slack: { botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, approverGroups: ['S0ONCALL'] } });
  const { adapter, routes } = createSlackAdapter({ config: config.slack, approval: config.approval, commands: [{ name: 'incident', description: 'x' }], logger });
  const server = createHttpServer({ port: 0, host: '127.0.0.1', routes, readiness: async () => ({}), metrics: new Registry(), logger });
  const port = await server.listen();
  await adapter.start(handlers);
  const ours = new SlackHttpDriver(`http://127.0.0.1:${port}/slack/events`, SECRET);

  // baseline: a bare Bolt app on its own HTTPReceiver that only acks
  const bare = new App({ token: fake.botToken, signingSecret: SECRET, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
  bare.command(/.*/, async ({ ack }) => ack());
  const bareServer = (await bare.start(0)) as Server;
  const baseline = new SlackHttpDriver(`http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`, SECRET);

  try {
    await burst(ours, fake, 20);
    await burst(baseline, fake, 20);
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      bareMs.push(...(await burst(baseline, fake, CONCURRENT)));
      oursMs.push(...(await burst(ours, fake, CONCURRENT)));
    }
    const p99 = percentile(oursMs, 99);
    const bareP99 = percentile(bareMs, 99);
    return {
      slack_ack_p99_ms: Math.round(p99 * 10) / 10,
      slack_ack_bare_p99_ms: Math.round(bareP99 * 10) / 10,
      slack_ack_ratio: Math.round((p99 / bareP99) * 100) / 100,
      slack_429_count,
    };
  } finally {
    await adapter.stop();
    await bare.stop();
    await server.close();
    await fake.close();
  }
}
