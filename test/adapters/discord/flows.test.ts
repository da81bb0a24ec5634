/**
 * Full flows through the real core (dispatcher, run engine, approvals, SQLite store) and the real
 * discord.js client against the fake Discord: /incident with diagnostics, approval by reaction
 * and by button, self-approval refused privately, and a gateway drop while an approval is pending.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createDiscordAdapter } from '../../../src/adapters/discord/index.js';
import { createBot, type CoreBot } from '../../../src/core/bot.js';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { buildTestServices, ROOT, silentLogger } from '../../helpers/test-bot.js';
import { startFakeDiscord, type ApiMessage, type FakeDiscord } from '../../fakes/discord/fake-discord.js';
import { dbRunbook } from '../../helpers/runbook-fixtures.js';

/** its recovery, once approved, writes a line to `marker` */
const runbook = (marker: string) => dbRunbook({ recovery: `echo restarted >> '${marker}'` });

let fake: FakeDiscord;
let bot: CoreBot;
let services: Awaited<ReturnType<typeof buildTestServices>>;
let dir: string;
let marker: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-discord-flow-'));
  marker = path.join(dir, 'marker');
  fake = await startFakeDiscord();
  services = await buildTestServices({ runbooks: { 'db.md': runbook(marker) } });
  const adapter = createDiscordAdapter({
    config: { token: 'test-token', applicationId: fake.state.applicationId, apiUrl: fake.apiUrl, channels: [], approverRoles: [fake.roles.sre.id], approverUsers: [] },
    approval: services.config.approval,
    logger: silentLogger,
  });
  bot = createBot({ services, adapters: [adapter], commands: await loadCommands(path.join(ROOT, 'commands')) });
  await bot.start();
});

afterEach(async () => {
  await bot.stop();
  await fake.close();
  await services.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** polls a condition on the fake's state (no fixed sleeps; the test timeout bounds it) */
async function eventually<T>(fn: () => T | undefined | false): Promise<T> {
  for (;;) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const text = (m: ApiMessage) => JSON.stringify(m.embeds);
const allMessages = () => [...fake.state.messages.values()];
const approvalRequest = () => eventually(() => allMessages().find((m) => /"title":"Approval needed/.test(text(m))));

async function startIncident(member = fake.members.alice) {
  const inv = fake.slashCommand({ member, name: 'incident', options: [{ name: 'topic', type: 3, value: 'db' }] });
  await eventually(() => allMessages().some((m) => text(m).includes('diag-ok')));
  return inv;
}

const markerLines = async () => (existsSync(marker) ? (await readFile(marker, 'utf8')).trim().split('\n') : []);

describe('Discord full flows through the core', () => {
  it('/incident runs the diagnostics and an approver’s ✅ reaction runs the gated step once', async () => {
    await startIncident();
    const req = await approvalRequest();
    expect(await markerLines()).toEqual([]);
    fake.react({ member: fake.members.bob, message: req, emoji: { name: '✅' } });
    await eventually(() => text(fake.state.messages.get(req.id)!).includes('✅ Done'));
    await bot.idle();
    expect(await markerLines()).toEqual(['restarted']);
  });

  it('refuses self-approval with an ephemeral notice to the requester and runs nothing', async () => {
    // carol holds the approver role but requested the run herself
    const { token } = await startIncident(fake.members.carol);
    const req = await approvalRequest();
    fake.react({ member: fake.members.carol, message: req, emoji: { name: '✅' } });
    const notice = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${fake.state.applicationId}/${token}`);
    expect(notice.body.flags).toBe(64);
    expect(notice.body.content).toMatch(/you requested this step/);
    await bot.idle();
    expect(await markerLines()).toEqual([]);
  });

  it('refuses role-name impersonation: a role named "approver" or "SRE" that is not the configured role id grants nothing', async () => {
    const fakeApprover = fake.state.addRole('approver');
    const fakeSre = fake.state.addRole('SRE');
    const eve = fake.state.addMember('eve', [fakeApprover.id, fakeSre.id]);
    const { token } = await startIncident();
    const req = await approvalRequest();
    fake.react({ member: eve, message: req, emoji: { name: '✅' } });
    fake.button({ member: eve, message: req, customId: 'approve' });
    await eventually(() => fake.calls.filter((c) => c.method === 'POST' && c.path.startsWith('/webhooks/') && /not counted/.test(c.body?.content ?? '')).length >= 1);
    await bot.idle();
    expect(await markerLines()).toEqual([]);
    expect(text(fake.state.messages.get(req.id)!)).not.toContain('eve');
    const votes = await services.store.db.selectFrom('votes').selectAll().execute();
    expect(votes).toEqual([]);
    expect(token).toBeTruthy();
  });

  it('refuses display-name impersonation: a user named like an approver is not that approver', async () => {
    const impostor = fake.state.addMember('bob', []); // same username as the real bob, another id
    await startIncident();
    const req = await approvalRequest();
    fake.react({ member: impostor, message: req, emoji: { name: '✅' } });
    await eventually(() => fake.calls.some((c) => c.method === 'POST' && /not counted/.test(JSON.stringify(c.body ?? {}))));
    await bot.idle();
    expect(await markerLines()).toEqual([]);
    fake.react({ member: fake.members.bob, message: req, emoji: { name: '✅' } });
    await eventually(() => text(fake.state.messages.get(req.id)!).includes('✅ Done'));
    await bot.idle();
    expect(await markerLines()).toEqual(['restarted']);
  });

  it('20 duplicate ✅ from someone who may not approve send one DM, on one DM channel', async () => {
    const dave = fake.state.addMember('dave', []);
    await startIncident();
    const req = await approvalRequest();
    for (let i = 0; i < 20; i++) fake.react({ member: dave, message: req, emoji: { name: '✅' } });
    await eventually(() => fake.calls.some((c) => c.method === 'POST' && /not counted/.test(JSON.stringify(c.body ?? {}))));
    // every reaction has been handled once the audit log holds all 20 ignored votes
    const ignored = () => services.store.db.selectFrom('audit_events').select('seq').where('action', '=', 'approval.vote_ignored').execute();
    while ((await ignored()).length < 20) await new Promise((r) => setTimeout(r, 20));
    await bot.idle();
    const opened = fake.calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels');
    const dms = fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path) && /not counted/.test(JSON.stringify(c.body ?? {})));
    expect(opened).toHaveLength(1);
    expect(dms).toHaveLength(1);
    expect(await markerLines()).toEqual([]);
  });

  it('says nothing about a ✅ on a message the bot did not post', async () => {
    await startIncident();
    const req = await approvalRequest();
    const chat = fake.state.newMessage(req.channel_id, fake.members.alice.user, { content: 'restarting the replica now' });
    fake.react({ member: fake.members.bob, message: chat, emoji: { name: '✅' } });
    fake.react({ member: fake.members.bob, message: chat, emoji: { name: '❌' } });
    // a later vote on the request is handled, so the two before it were seen and passed over
    fake.react({ member: fake.members.bob, message: req, emoji: { name: '✅' } });
    await eventually(() => text(fake.state.messages.get(req.id)!).includes('✅ Done'));
    await bot.idle();
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path === '/users/@me/channels')).toEqual([]);
    expect(fake.calls.filter((c) => /not an approval request/.test(JSON.stringify(c.body ?? {})))).toEqual([]);
  });

  it('/help answers with the command list', async () => {
    fake.slashCommand({ member: fake.members.alice, name: 'help', options: [] });
    const m = await eventually(() => allMessages().find((x) => JSON.stringify(x).includes('opsbridge commands')));
    for (const name of ['/incident', '/runbooks', '/health', '/rollback', '/help']) expect(JSON.stringify(m)).toContain(name);
  });

  it('approves with the Approve button', async () => {
    await startIncident();
    const req = await approvalRequest();
    fake.button({ member: fake.members.carol, message: req, customId: 'approve' });
    await eventually(() => text(fake.state.messages.get(req.id)!).includes('✅ Done'));
    await bot.idle();
    expect(await markerLines()).toEqual(['restarted']);
  });

  it('completes a pending approval exactly once after the gateway connection drops', async () => {
    await startIncident();
    const req = await approvalRequest();
    const resumed = fake.gateway.waitFor('resumed');
    fake.gateway.dropConnection();
    // both approvers react while the bot is disconnected: Discord replays both on RESUME
    fake.react({ member: fake.members.bob, message: req, emoji: { name: '✅' } });
    fake.react({ member: fake.members.carol, message: req, emoji: { name: '✅' } });
    await resumed;
    await eventually(() => text(fake.state.messages.get(req.id)!).includes('✅ Done'));
    // and one more after the reconnect
    fake.react({ member: fake.members.bob, message: req, emoji: { name: '👍' } });
    fake.button({ member: fake.members.carol, message: req, customId: 'approve' });
    await eventually(() => fake.calls.some((c) => c.method === 'POST' && c.path.startsWith('/webhooks/') && /already/.test(c.body?.content ?? '')));
    await bot.idle();
    expect(await markerLines()).toEqual(['restarted']);
    expect(fake.gateway.resumes).toBe(1);
  });
});
