import { describe, expect, it } from 'vitest';
import { checkVoter, decide, isApprover, snapshotPolicy } from '../../../src/core/approvals/policy.js';
import { approvalPolicySchema } from '../../../src/config/schema.js';

const base = approvalPolicySchema.parse({});
const none = { roles: [], users: [] };
const actor = (id: string, roles: string[] = [], name = id) => ({ platform: 'console', id, name, roles });

describe('approval policy', () => {
  it('defaults to quorum 1, 15 minutes, no self-approval', () => {
    expect(snapshotPolicy(base, none)).toMatchObject({ quorum: 1, ttlMs: 900_000, allowSelfApproval: false, roles: ['approver'], users: [] });
    expect(snapshotPolicy(base, none, { quorum: 2 }).quorum).toBe(2);
  });
  it('adds the platform approver ids; a runbook override replaces who may approve', () => {
    expect(snapshotPolicy(base, { roles: ['S0ONCALL'], users: ['U1'] })).toMatchObject({ roles: ['approver', 'S0ONCALL'], users: ['U1'] });
    expect(snapshotPolicy(base, { roles: ['S0ONCALL'], users: ['U1'] }, { roles: ['S0DBA'] })).toMatchObject({ roles: ['S0DBA'], users: [] });
  });
  it('refuses TTLs a timer cannot hold or that make no sense', () => {
    expect(() => snapshotPolicy(base, none, { ttlMs: 30 * 86_400_000 })).toThrow(/between 10s and 24h/);
    expect(() => snapshotPolicy(base, none, { ttlMs: 0 })).toThrow(/between 10s and 24h/);
  });
  it('only approvers count, and never the requester unless allowed', () => {
    const p = snapshotPolicy(base, none);
    expect(checkVoter(actor('mallory'), 'alice', p)).toMatchObject({ ok: false, code: 'NOT_APPROVER' });
    expect(checkVoter(actor('bob', ['approver']), 'bob', p)).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    expect(checkVoter(actor('bob', ['approver']), 'bob', { ...p, allowSelfApproval: true })).toEqual({ ok: true });
    expect(checkVoter(actor('dave'), 'alice', { ...p, users: ['dave'] })).toEqual({ ok: true });
  });
  it('matches ids only: a display name equal to an approver id, or a role held by name, grants nothing', () => {
    const p = { roles: ['111111111111111111'], users: ['U0BOB'] };
    expect(isApprover({ platform: 'slack', id: 'U0EVE', name: 'U0BOB', roles: [] }, p)).toBe(false);
    expect(isApprover({ platform: 'slack', id: 'U0BOB', name: 'eve', roles: [] }, p)).toBe(true);
    expect(isApprover({ platform: 'discord', id: '2', name: 'eve', roles: ['222222222222222222'] }, p)).toBe(false);
  });
  it('an actor without an id never counts', () => {
    expect(checkVoter(actor('', ['approver'], 'bob'), 'alice', snapshotPolicy(base, none))).toMatchObject({ ok: false, code: 'NO_ACTOR_ID' });
  });
  it('decides on distinct approvers; one reject ends it', () => {
    expect(decide([{ voter_id: 'bob', vote: 'approve' }], 2)).toBe('pending');
    expect(decide([{ voter_id: 'bob', vote: 'approve' }, { voter_id: 'carol', vote: 'approve' }], 2)).toBe('approved');
    expect(decide([{ voter_id: 'bob', vote: 'approve' }, { voter_id: 'carol', vote: 'reject' }], 1)).toBe('rejected');
  });
});
