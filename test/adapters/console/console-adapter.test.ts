import { describe, expect, it } from 'vitest';
import { ConsoleAdapter, type ConsoleEvent } from '../../../src/adapters/console/console-adapter.js';
import { msg } from '../../../src/core/message.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { forbiddenForms, printedForms } from '../../helpers/secret-forms.js';

const SECRET = 'hunter2/"console+9';

function adapter() {
  const events: ConsoleEvent[] = [];
  const a = new ConsoleAdapter({ channel: 'incident', users: { alice: [] }, defaultUser: 'alice', sink: (e) => events.push(e), redactor: createRedactor({ env: {}, extraValues: [SECRET] }) });
  return { a, events };
}

describe('ConsoleAdapter: the terminal is a channel, and everything shown on it is redacted', () => {
  it('masks the echo of a line that is not a command', async () => {
    const { a, events } = adapter();
    await a.start({ onInvocation: async () => undefined, onReaction: async () => undefined, onAction: async () => undefined });
    await a.input(`${SECRET} pasted into the wrong window`);
    expect(events).toEqual([{ type: 'error', text: 'not a command: [REDACTED] pasted into the wrong window (type :help)' }]);
  });

  it('masks posts, edits and notices in every form', async () => {
    const { a, events } = adapter();
    const text = printedForms(SECRET).join('\n');
    const ref = await a.post(a.channel, { blocks: [msg.code(text)] });
    await a.update(ref, { blocks: [msg.text(text)] });
    await a.notify(a.actor('alice'), a.channel, text);
    const shown = JSON.stringify(events);
    expect(shown).toContain('[REDACTED]');
    for (const form of forbiddenForms(SECRET)) expect(shown.includes(form), form).toBe(false);
  });
});
