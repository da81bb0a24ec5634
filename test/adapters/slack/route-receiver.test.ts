import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import type { ChatAdapter } from '../../../src/core/chat.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createHttpServer, type HttpServer } from '../../../src/http/server.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { SlackHttpDriver } from '../../fakes/slack/http-driver.js';
import { blockActionPayload, reactionPayload, slashCommandPayload } from '../../fakes/slack/payloads.js';
import { RecordingHandlers } from '../../fakes/slack/recording-handlers.js';

const logger = pino({ level: 'silent' });
const SECRET = 'fake-signing-secret';
const approval = { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: ['approver'], approverUsers: [] };

describe('Slack adapter in HTTP mode (route receiver)', () => {
  let fake: FakeSlack;
  let adapter: ChatAdapter;
  let handlers: RecordingHandlers;
  let server: HttpServer;
  let slack: SlackHttpDriver;
  // The receiver's notion of "now" for staleness, fixed so the test decides what is stale.
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const nowSec = Math.floor(now / 1000);

  beforeEach(async () => {
    fake = await new FakeSlack({ users: { U1ALICE: 'alice' } }).start();
    handlers = new RecordingHandlers();
    const created = createSlackAdapter({
      config: { botToken: fake.botToken, signingSecret: SECRET, apiUrl: fake.apiUrl, channels: [], approverGroups: [], approverUsers: [] },
      approval,
      commands: [{ name: 'incident', description: 'Run a runbook' }],
      logger,
      clock: new ManualClock(),
      now: () => now,
    });
    adapter = created.adapter;
    expect(created.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /slack/events']);
    // mounted on the bot's own HTTP server, which buffers bodies before a route runs
    server = createHttpServer({ port: 0, host: '127.0.0.1', routes: created.routes, readiness: async () => ({}), metrics: new Registry(), logger });
    const port = await server.listen();
    slack = new SlackHttpDriver(`http://127.0.0.1:${port}/slack/events`, SECRET);
    await adapter.start(handlers);
  });

  afterEach(async () => {
    await adapter.stop();
    await server.close();
    await fake.close();
  });

  it('acks a signed slash command with 200 and hands the core an Invocation', async () => {
    const res = await slack.slashCommand(slashCommandPayload(fake, { command: '/incident', text: 'db', user: 'U1ALICE', userName: 'alice', channel: 'C0INC' }), { timestamp: nowSec });
    expect(res.status).toBe(200);
    const inv = await handlers.waitFor(() => handlers.invocations[0], 'an invocation');
    expect(inv).toMatchObject({ command: 'incident', args: 'db', actor: { id: 'U1ALICE', name: 'alice', roles: [] }, channel: { id: 'C0INC' } });
    expect(adapter.ready()).toBe(true);
  });

  it('maps signed events and button presses', async () => {
    const ev = await slack.event(reactionPayload(fake, { user: 'U1ALICE', reaction: 'white_check_mark', channel: 'C0INC', ts: '1.000001' }), { timestamp: nowSec });
    const btn = await slack.interactive(blockActionPayload(fake, { user: 'U1ALICE', actionId: 'reject', channel: 'C0INC', messageTs: '1.000002' }), { timestamp: nowSec });
    expect([ev.status, btn.status]).toEqual([200, 200]);
    await handlers.waitFor(() => handlers.reactions.length === 1 && handlers.actions.length === 1, 'a reaction and an action');
    expect(handlers.reactions[0]).toMatchObject({ emoji: 'white_check_mark', message: { id: '1.000001' }, actor: { name: 'alice' } });
    expect(handlers.actions[0]).toMatchObject({ actionId: 'reject', message: { id: '1.000002' } });
  });

  it('answers Slack\'s url_verification challenge', async () => {
    const res = await slack.event({ type: 'url_verification', challenge: 'c-123', token: 't' }, { timestamp: nowSec });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it.each([
    ['signed with the wrong secret', { secret: 'not-the-secret' }],
    ['with a garbage signature', { signature: 'v0=deadbeef' }],
    ['without a signature', { signature: '' }],
    ['with a stale timestamp (6 minutes old)', { timestamp: nowSec - 6 * 60 }],
    ['with a timestamp 6 minutes in the future', { timestamp: nowSec + 6 * 60 }],
  ])('rejects a request %s with 401 and processes nothing', async (_label, opts) => {
    const cmd = await slack.slashCommand(slashCommandPayload(fake, { command: '/incident', text: 'db', user: 'U1ALICE', channel: 'C0INC' }), opts);
    const ev = await slack.event(reactionPayload(fake, { user: 'U1ALICE', reaction: 'white_check_mark', channel: 'C0INC', ts: '1.1' }), opts);
    expect([cmd.status, ev.status]).toEqual([401, 401]);
    // A correctly signed request afterwards goes through, so nothing was merely slow.
    await slack.slashCommand(slashCommandPayload(fake, { command: '/incident', text: 'after', user: 'U1ALICE', channel: 'C0INC' }), { timestamp: nowSec });
    await handlers.waitFor(() => handlers.invocations.length > 0, 'the signed invocation');
    expect(handlers.invocations.map((i) => i.args)).toEqual(['after']);
    expect(handlers.reactions).toEqual([]);
  });

  it('rejects a body altered after signing', async () => {
    const fields = slashCommandPayload(fake, { command: '/incident', text: 'db', user: 'U1ALICE', channel: 'C0INC' });
    const body = new URLSearchParams(fields).toString();
    const { slackSignature } = await import('../../fakes/slack/http-driver.js');
    const sig = slackSignature(SECRET, nowSec, body);
    const res = await slack.send(body.replace('text=db', 'text=rollback'), 'application/x-www-form-urlencoded', { timestamp: nowSec, signature: sig });
    expect(res.status).toBe(401);
    expect(handlers.invocations).toEqual([]);
  });
});
