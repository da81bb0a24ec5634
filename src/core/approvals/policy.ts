/**
 * Who may approve, and when a request is decided. Pure functions over stored votes, so the
 * rules are the same in every replica and after every restart.
 */
import type { ApprovalPolicyConfig } from '../../config/schema.js';
import type { Actor } from '../chat.js';
import { parseDuration } from '../duration.js';

export interface EffectivePolicy {
  quorum: number;
  allowSelfApproval: boolean;
  ttlMs: number;
  approverRoles: string[];
  approverUsers: string[];
}

export function effectivePolicy(
  base: ApprovalPolicyConfig,
  override?: { quorum?: number; allowSelfApproval?: boolean; ttlMs?: number },
): EffectivePolicy {
  return {
    quorum: override?.quorum ?? base.quorum,
    allowSelfApproval: override?.allowSelfApproval ?? base.allowSelfApproval,
    ttlMs: override?.ttlMs ?? parseDuration(base.ttl),
    approverRoles: base.approverRoles,
    approverUsers: base.approverUsers,
  };
}

export function isApprover(actor: Actor, policy: Pick<EffectivePolicy, 'approverRoles' | 'approverUsers'>): boolean {
  if (policy.approverUsers.includes(actor.id) || policy.approverUsers.includes(actor.name)) return true;
  return actor.roles.some((r) => policy.approverRoles.includes(r));
}

export type VoteCheck =
  | { ok: true }
  | { ok: false; code: 'NOT_APPROVER' | 'SELF_APPROVAL'; message: string };

export function checkVoter(
  actor: Actor,
  requesterId: string,
  policy: Pick<EffectivePolicy, 'approverRoles' | 'approverUsers' | 'allowSelfApproval'>,
): VoteCheck {
  // The requester hears why first: "you are not an approver" would hide the real rule.
  if (actor.id === requesterId && !policy.allowSelfApproval) {
    return { ok: false, code: 'SELF_APPROVAL', message: 'you requested this step, so your approval does not count; ask another approver' };
  }
  if (!isApprover(actor, policy)) {
    return {
      ok: false,
      code: 'NOT_APPROVER',
      message: `your reaction was not counted: approving needs one of the roles ${policy.approverRoles.map((r) => `"${r}"`).join(', ') || '(none configured)'}`,
    };
  }
  return { ok: true };
}

export interface VoteRow {
  voter_id: string;
  vote: string;
}

export type Decision = 'pending' | 'approved' | 'rejected';

/** Votes are stored only after checkVoter passed, so every stored vote is eligible. */
export function decide(votes: VoteRow[], quorum: number): Decision {
  if (votes.some((v) => v.vote === 'reject')) return 'rejected';
  const approvers = new Set(votes.filter((v) => v.vote === 'approve').map((v) => v.voter_id));
  return approvers.size >= quorum ? 'approved' : 'pending';
}
