import { expect, it } from 'vitest';
import { redactingAuditLog } from '../../../src/core/audit/redacting-audit.js';
import type { AuditEventInput } from '../../../src/core/audit/types.js';
import { createRedactor } from '../../../src/core/redact/redact.js';

it('redacts every string of an event, however deep, before it is appended', async () => {
  const seen: AuditEventInput[] = [];
  const inner = { append: async (e: AuditEventInput) => (seen.push(e), { ...e, data: e.data ?? {}, seq: 1, at: '', prevHash: '', hash: '' }) };
  const log = redactingAuditLog(inner, createRedactor({ env: { STRIPE_SECRET_KEY: 'sk_live_abcdefghijklmnop1234' } }));
  await log.append({ actor: 'console:alice', action: 'command.invoked', subject: '/incident', data: { args: 'db key:sk_live_abcdefghijklmnop1234', nested: [{ token: 'xoxb-1234-5678-abcdefghijkl' }], n: 3 } });
  const text = JSON.stringify(seen[0]);
  expect(text).not.toContain('abcdefghijklmnop1234');
  expect(text).not.toContain('xoxb-1234-5678-abcdefghijkl');
  expect(seen[0]!.data).toMatchObject({ n: 3 });
  expect(seen[0]!.action).toBe('command.invoked');
});
