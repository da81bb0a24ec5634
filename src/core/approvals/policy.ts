/**
 * Who may approve, and when a request is decided. Pure functions over stored state, so the
 * rules are the same in every replica and after every restart.
 *
 * Identity is by stable platform id only: an actor approves when its id is in `users` or it
 * holds a role id in `roles` (Slack user-group ids, Discord role ids, console role names,
 * which are the console's ids). A display name or a role *name* never counts: anyone can
 * rename themselves "bob", and anyone with Manage Roles can create a role named "approver".
 *
 * The policy is snapshotted on the request when it is made: changing the config or the runbook
 * later never changes who may approve a request already posted.
 */
import type { ApprovalPolicyConfig, Config } from '../../config/schema.js';
import type { Actor } from '../chat.js';
import { parseDuration } from '../duration.js';
import { OpsError } from '../errors.js';
import type { ApprovalRow } from './approval-repo.js';

import { MAX_APPROVAL_TTL_MS, MIN_APPROVAL_TTL_MS } from './ttl-bounds.js';

export { MAX_APPROVAL_TTL_MS, MIN_APPROVAL_TTL_MS };

export interface ApproverPolicy {
  quorum: number;
  allowSelfApproval: boolean;
  ttlMs: number;
  /** role ids whose holders may approve */
  roles: string[];
  /** user ids who may approve */
  users: string[];
}

/** The approver ids a platform adds from its own config (Slack user groups, Discord roles). */
export interface PlatformApprovers {
  roles: string[];
  users: string[];
}

export interface PolicyOverride {
  quorum?: number;
  allowSelfApproval?: boolean;
  ttlMs?: number;
  /** replaces the configured approver roles (ids) */
  roles?: string[];
  /** replaces the configured approver users (ids) */
  users?: string[];
}

export function checkTtl(ttlMs: number, where: string): number {
  if (!Number.isFinite(ttlMs) || ttlMs < MIN_APPROVAL_TTL_MS || ttlMs > MAX_APPROVAL_TTL_MS) {
    throw new OpsError('BAD_TTL', `${where}: an approval TTL must be between 10s and 24h (got ${ttlMs} ms)`);
  }
  return ttlMs;
}

export function snapshotPolicy(base: ApprovalPolicyConfig, platform: PlatformApprovers, override: PolicyOverride = {}): ApproverPolicy {
  const overridesWho = override.roles !== undefined || override.users !== undefined;
  return {
    quorum: override.quorum ?? base.quorum,
    allowSelfApproval: override.allowSelfApproval ?? base.allowSelfApproval,
    ttlMs: checkTtl(override.ttlMs ?? parseDuration(base.ttl), 'approval'),
    roles: overridesWho ? [...(override.roles ?? [])] : unique([...base.approverRoles, ...platform.roles]),
    users: overridesWho ? [...(override.users ?? [])] : unique([...base.approverUsers, ...platform.users]),
  };
}

/** The policy stored on a request; requests from before the snapshot existed use today's config. */
export function policyOf(row: ApprovalRow, config: Pick<Config, 'approval'>): ApproverPolicy {
  if (row.policy) return JSON.parse(row.policy) as ApproverPolicy;
  return {
    quorum: row.quorum,
    allowSelfApproval: row.allow_self === 1,
    ttlMs: Date.parse(row.expires_at) - Date.parse(row.created_at),
    roles: config.approval.approverRoles,
    users: config.approval.approverUsers,
  };
}

export function isApprover(actor: Actor, policy: Pick<ApproverPolicy, 'roles' | 'users'>): boolean {
  if (!actor.id) return false;
  if (policy.users.includes(actor.id)) return true;
  return actor.roles.some((r) => policy.roles.includes(r));
}

export type VoteCheck =
  | { ok: true }
  /** `message` is the reason, a clause to follow "Your ✅ was not counted: " */
  | { ok: false; code: 'NO_ACTOR_ID' | 'NOT_APPROVER' | 'SELF_APPROVAL'; message: string };

export function checkVoter(actor: Actor, requesterId: string, policy: Pick<ApproverPolicy, 'roles' | 'users' | 'allowSelfApproval'>): VoteCheck {
  if (!actor.id || !actor.id.trim()) {
    return { ok: false, code: 'NO_ACTOR_ID', message: 'the chat did not say who you are (no user id came with it). Try again, or press the Approve button.' };
  }
  // The requester hears why first: "you are not an approver" would hide the real rule.
  if (actor.id === requesterId && !policy.allowSelfApproval) {
    return { ok: false, code: 'SELF_APPROVAL', message: 'you requested this step, so someone else has to approve it. Ask another approver.' };
  }
  if (!isApprover(actor, policy)) {
    return { ok: false, code: 'NOT_APPROVER', message: `approving needs ${describeApprovers(policy)}. Ask someone who has it.` };
  }
  return { ok: true };
}

/** "one of the roles "approver"" / "one of the users U123" — ids, as configured. */
export function describeApprovers(policy: Pick<ApproverPolicy, 'roles' | 'users'>): string {
  const parts: string[] = [];
  if (policy.roles.length) parts.push(`one of the roles ${policy.roles.map((r) => `"${r}"`).join(', ')}`);
  if (policy.users.length) parts.push(`one of the users ${policy.users.map((u) => `"${u}"`).join(', ')}`);
  return parts.join(' or ') || 'an approver, and none is configured';
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

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
