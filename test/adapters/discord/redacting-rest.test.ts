/** Real discord.js against the fake Discord: nothing the adapter sends carries a secret, in any form. */
import { afterEach, describe, expect, it } from 'vitest';

import { msg } from '../../../src/core/message.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { forbiddenForms, printedForms } from '../../helpers/secret-forms.js';
import { startHarness, type Harness } from './harness.js';

const SECRET = 'ro-diag/pass"word+9';
let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('Discord REST bodies pass the redactor', () => {
  it('channel posts, edits, interaction replies and error replies reach Discord masked', async () => {
    h = await startHarness({ redactor: createRedactor({ env: {}, extraValues: [SECRET] }) });
    const text = printedForms(SECRET).join('\n');
    h.handlers.onInvocationDo = async (inv) => {
      const ref = await h.adapter.post(inv.channel, { blocks: [msg.header(`step printed ${SECRET}`), msg.code(text)] });
      await h.adapter.update(ref, { blocks: [msg.text(`edited: ${text}`)] });
      await h.adapter.notify(inv.actor, inv.channel, `only you: ${text}`);
      // an adapter-made reply (the failure notice) is not built by the core's poster
      throw new Error(`psql failed for ${text}`);
    };
    const { token } = h.fake.slashCommand({ member: h.fake.members.alice, name: 'health' });
    await h.fake.waitForCall((c) => c.path.includes(token) && JSON.stringify(c.body ?? '').includes('failed'));
    const wire = JSON.stringify(h.fake.calls.map((c) => c.body ?? null));
    expect(wire).toContain('step printed [REDACTED]');
    expect(wire).toContain('psql failed for [REDACTED]');
    for (const form of forbiddenForms(SECRET)) expect(wire.includes(form), form).toBe(false);
  });
});

describe('secrets the Discord adapter learns at run time', () => {
  it("an interaction's token is masked wherever it shows up later, e.g. in an error naming the webhook URL", async () => {
    const redactor = createRedactor({ env: {} });
    h = await startHarness({ redactor });
    let token = '';
    h.handlers.onInvocationDo = async (inv) => {
      await h.adapter.post(inv.channel, { blocks: [msg.text(`webhook failed: https://discord.com/api/v10/webhooks/1/${token} ${Buffer.from(token).toString('base64')}`)] });
    };
    ({ token } = h.fake.slashCommand({ member: h.fake.members.alice, name: 'health' }));
    await h.handlers.until(() => h.handlers.invocations.length === 1);
    const post = await h.fake.waitForCall((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    const wire = JSON.stringify(post.body);
    expect(wire).toContain('webhook failed');
    expect(wire).not.toContain(token);
    expect(redactor.redact(`later ${token}`)).toBe('later [REDACTED]');
  });
});
