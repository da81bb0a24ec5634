import { describe, expect, it } from 'vitest';
import { checkVoter, decide, effectivePolicy } from '../../../src/core/approvals/policy.js';
import { approvalPolicySchema } from '../../../src/config/schema.js';

const base = approvalPolicySchema.parse({});
const actor = (id: string, roles: string[] = []) => ({ platform: 'console', id, name: id, roles });

describe('approval policy', () => {
  it('defaults to quorum 1, 15 minutes, no self-approval', () => {
    expect(effectivePolicy(base)).toMatchObject({ quorum: 1, ttlMs: 900_000, allowSelfApproval: false });
    expect(effectivePolicy(base, { quorum: 2 }).quorum).toBe(2);
  });
  it('only approvers count, and never the requester unless allowed', () => {
    const p = effectivePolicy(base);
    expect(checkVoter(actor('mallory'), 'alice', p)).toMatchObject({ ok: false, code: 'NOT_APPROVER' });
    expect(checkVoter(actor('bob', ['approver']), 'bob', p)).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(checkVoter(actor('bob', ['approver']), 'bob', { ...p, allowSelfApproval: true })).toEqual({ ok: true });
    expect(checkVoter(actor('dave'), 'alice', { ...p, approverUsers: ['dave'] })).toEqual({ ok: true });
  });
  it('decides on distinct approvers; one reject ends it', () => {
    expect(decide([{ voter_id: 'bob', vote: 'approve' }], 2)).toBe('pending');
    expect(decide([{ voter_id: 'bob', vote: 'approve' }, { voter_id: 'carol', vote: 'approve' }], 2)).toBe('approved');
    expect(decide([{ voter_id: 'bob', vote: 'approve' }, { voter_id: 'carol', vote: 'reject' }], 1)).toBe('rejected');
  });
});
