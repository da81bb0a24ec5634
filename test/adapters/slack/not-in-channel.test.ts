/**
 * /incident in a channel the bot is not in: every post there fails not_in_channel, so the bot
 * answers through the slash command's response_url with the fix, once, and logs it. Real Bolt
 * against the fake Slack, which refuses posts in channels the bot has not joined.
 */
import { Writable } from 'node:stream';
import path from 'node:path';

import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { forbiddenForms } from '../../helpers/secret-forms.js';
import { slashCommandPayload } from '../../fakes/slack/payloads.js';
import { ROOT, startTestBot, type TestBot } from '../../helpers/test-bot.js';

const DEMO = `---
id: demo
title: Demo outage
---
## Diagnosis
\`\`\`sh
echo ok
\`\`\`
`;

/** a value the redactor knows as secret, with the characters that JSON and URLs escape */
const SECRET = 'ro-diag/pass"word+9\\x';
/** a secret that fits in a command name */
const NAMED = 'leakycmd7731secret';

describe('a command in a channel the bot is not a member of', () => {
  let fake: FakeSlack;
  let t: TestBot;
  const logs: Record<string, unknown>[] = [];

  beforeEach(async () => {
    logs.length = 0;
    fake = await new FakeSlack({ users: { U1ALICE: 'alice' }, notMemberOf: ['C0OUTSIDE'] }).start();
    const commands = await loadCommands(path.join(ROOT, 'commands'));
    const logger = pino({ level: 'warn' }, new Writable({ write: (c, _e, done) => (logs.push(JSON.parse(String(c)) as Record<string, unknown>), done()) }));
    const { adapter } = createSlackAdapter({
      config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, channels: [], approverGroups: [], approverUsers: [] },
      approval: { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: [], approverUsers: [] },
      commands,
      logger,
      redactor: createRedactor({ env: {}, extraValues: [SECRET, NAMED] }),
    });
    t = await startTestBot({ runbooks: { 'demo.md': DEMO }, commands, extraAdapters: [adapter] });
  });
  afterEach(async () => {
    await t?.close();
    await fake?.close();
  });

  it('answers through response_url with how to fix it, once, and logs it', async () => {
    expect(await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/incident', text: 'demo', user: 'U1ALICE', userName: 'alice', channel: 'C0OUTSIDE', channelName: 'payments' }))).toEqual({});
    await fake.waitFor(() => fake.responses[0], 'an answer through the response_url');
    await t.bot.idle();
    expect(fake.responses).toHaveLength(1);
    const text = String(fake.responses[0]!.body.text);
    expect(fake.responses[0]!.body.response_type).toBe('ephemeral');
    expect(text).toContain("I'm not a member of it");
    expect(text).toContain('#payments');
    expect(text).toContain('/invite @opsbridge');
    expect(text).toContain('chat:write.public');
    expect(text).toContain('run /incident demo again');
    expect(fake.channelMessages('C0OUTSIDE')).toEqual([]);
    expect(logs.some((l) => l.channel === 'C0OUTSIDE' && String(l.msg).includes('not_in_channel'))).toBe(true);
  });

  it('masks a secret in what it sends through the response_url (the command echoed back included)', async () => {
    // A secret pasted into the command: the answer repeats the command, and must not repeat the secret.
    const text = `demo NOTE:${JSON.stringify(SECRET)}`;
    await fake.deliver('slash_commands', slashCommandPayload(fake, { command: '/incident', text, user: 'U1ALICE', userName: 'alice', channel: 'C0OUTSIDE', channelName: 'payments' }));
    await fake.waitFor(() => fake.responses[0], 'an answer through the response_url');
    await t.bot.idle();
    const wire = JSON.stringify(fake.responses.map((r) => r.body));
    expect(String(fake.responses[0]!.body.text)).toContain('[REDACTED]');
    for (const form of forbiddenForms(SECRET)) expect(wire.includes(form), form).toBe(false);
  });

  it('masks a secret in an ack that answers the command itself', async () => {
    const reply = await fake.deliver('slash_commands', slashCommandPayload(fake, { command: `/${NAMED}`, text: '', user: 'U1ALICE', userName: 'alice', channel: 'C0OUTSIDE', channelName: 'payments' }));
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/[REDACTED] is not an opsbridge command') });
    expect(JSON.stringify(reply)).not.toContain(NAMED);
  });
});
