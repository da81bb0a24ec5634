/** Real Bolt against the fake Slack: nothing the adapter sends carries a secret, in any form. */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSlackAdapter } from '../../../src/adapters/slack/index.js';
import type { ChatAdapter } from '../../../src/core/chat.js';
import { ManualClock } from '../../../src/core/clock.js';
import { msg } from '../../../src/core/message.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { RecordingHandlers } from '../../fakes/slack/recording-handlers.js';
import { forbiddenForms, printedForms } from '../../helpers/secret-forms.js';

const SECRET = 'ro-diag/pass"word+9';
const approval = { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: ['approver'], approverUsers: [] };

describe('Slack Web API calls pass the redactor', () => {
  let fake: FakeSlack;
  let adapter: ChatAdapter;

  beforeEach(async () => {
    fake = await new FakeSlack({ users: { U1ALICE: 'alice' } }).start();
    ({ adapter } = createSlackAdapter({
      config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, channels: [], approverGroups: [], approverUsers: [] },
      approval,
      commands: [{ name: 'incident', description: 'Run a runbook' }],
      logger: pino({ level: 'silent' }),
      clock: new ManualClock(),
      redactor: createRedactor({ env: {}, config: undefined, extraValues: [SECRET] }),
    }));
    await adapter.start(new RecordingHandlers());
  });

  afterEach(async () => {
    await adapter.stop();
    await fake.close();
  });

  it('posts, edits and ephemeral notices reach Slack masked; the bot token still authenticates', async () => {
    const channel = { platform: 'slack' as const, id: 'C0INC' };
    const text = printedForms(SECRET).join('\n');
    const ref = await adapter.post(channel, { blocks: [msg.header(`step printed ${SECRET}`), msg.code(text)] });
    await adapter.update(ref, { blocks: [msg.text(`edited: ${text}`)] });
    await adapter.notify({ platform: 'slack', id: 'U1ALICE', name: 'alice', roles: [] }, channel, `only you: ${text}`);
    const sent = fake.calls.filter((c) => ['chat.postMessage', 'chat.update', 'chat.postEphemeral'].includes(c.method));
    expect(sent.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
    expect(sent.every((c) => c.token === fake.botToken)).toBe(true);
    const wire = JSON.stringify(sent.map((c) => c.params));
    expect(wire).toContain('[REDACTED]');
    for (const form of forbiddenForms(SECRET)) expect(wire.includes(form), form).toBe(false);
  });
});
