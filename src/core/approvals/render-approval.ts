/** The approval request message, rebuilt from stored state so it looks the same after a restart. */
import { formatDuration } from '../duration.js';
import type { VoteEmoji } from '../emoji.js';
import { clockTime } from '../wording.js';
import type { ApprovalState, Message, MessageBlock } from '../message.js';
import type { ApprovalRow } from './approval-repo.js';

export interface StoredPayload {
  kind: string;
  data: Record<string, unknown>;
  preview: Message;
  title: string;
  requesterName: string;
  approverRoles: string[];
}

/** The request's title line, by state: it must read right after the fact, too. */
const HEADER: Record<ApprovalState, string> = {
  pending: 'Approval needed',
  approved: 'Approved',
  executing: 'Approved, running',
  succeeded: 'Approved and done',
  failed: 'Approved, but it failed',
  rejected: 'Rejected',
  expired: 'Expired without approval',
  interrupted: 'Interrupted',
};

const STATE_LINE: Record<ApprovalState, string> = {
  pending: '🔐 Waiting for approval',
  approved: '👍 Approved',
  rejected: '🚫 Rejected: nothing was run',
  expired: '⌛ Expired: nothing was run',
  executing: '🔄 Approved, running now',
  succeeded: '✅ Done',
  failed: '❌ Failed',
  interrupted: '⚠️ Interrupted by a restart: not re-run; check the system, then request it again',
};

export function renderApproval(
  row: ApprovalRow,
  payload: StoredPayload,
  votes: { voter_name: string; vote: string }[],
  nowMs: number,
  /** the configured approve/reject emoji as this request's platform writes them (voteEmoji) */
  emoji: VoteEmoji,
  result?: string,
): Message {
  const state = row.state as ApprovalState;
  const approvals = votes.filter((v) => v.vote === 'approve').map((v) => v.voter_name);
  const rejections = votes.filter((v) => v.vote === 'reject').map((v) => v.voter_name);
  const blocks: MessageBlock[] = [
    { type: 'header', text: `${HEADER[state]}: ${payload.title}` },
    ...payload.preview.blocks,
    {
      type: 'fields',
      fields: [
        { label: 'Requested by', value: payload.requesterName },
        { label: 'Needs', value: `${row.quorum} approval${row.quorum > 1 ? 's' : ''} (${payload.approverRoles.join(', ') || 'approvers'})${row.allow_self ? '' : ', not the requester'}` },
        { label: 'Approved by', value: approvals.length ? `${approvals.join(', ')} (${approvals.length}/${row.quorum})` : `nobody yet (0/${row.quorum})` },
        ...(rejections.length ? [{ label: 'Rejected by', value: rejections.join(', ') }] : []),
      ],
    },
    { type: 'text', text: STATE_LINE[state] + (result ? `\n${result}` : '') },
  ];
  if (state === 'pending') {
    const left = Date.parse(row.expires_at) - nowMs;
    blocks.push({
      type: 'context',
      text: `React ${emoji.approve} to approve or ${emoji.reject} to reject, or use the buttons. Expires in ${formatDuration(Math.max(0, left))} (at ${clockTime(row.expires_at, nowMs)}). Approval id ${row.id}`,
    });
    blocks.push({
      type: 'buttons',
      buttons: [
        { id: 'approve', label: 'Approve', style: 'primary' },
        { id: 'reject', label: 'Reject', style: 'danger' },
      ],
    });
  } else {
    blocks.push({ type: 'context', text: `Approval id ${row.id}` });
  }
  return { blocks, approval: { id: row.id, state, step: row.step_n } };
}
