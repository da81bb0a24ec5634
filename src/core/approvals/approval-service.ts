/**
 * The approval state machine (see DESIGN.md "Approvals"):
 *   pending → executing → succeeded | failed      (quorum met; one conditional write picks the executor)
 *   pending → rejected | expired
 *   executing → interrupted                       (executor died or shut down; never re-run)
 * Requests and votes are written before anything is acknowledged in chat.
 *
 * This file is the entry point and makes requests; the parts live beside it:
 * voting.ts (votes → decision), execution.ts (run under a lease), expiry.ts (timers),
 * recovery.ts (resume, repost, interrupt — the shutdown path included).
 */
import { randomUUID } from 'node:crypto';
import { actorLabel } from '../actor-label.js';
import type { Action, Actor, ChannelRef, MessageRef, Reaction } from '../chat.js';
import { iso } from '../clock.js';
import type { ApprovalRequest, Executor } from '../commands/define-command.js';
import { OpsError } from '../errors.js';
import type { Poster } from '../poster.js';
import type { Services } from '../services.js';
import type { ApprovalRepo, ApprovalRow } from './approval-repo.js';
import { ApprovalCore, type AfterExecution } from './approval-core.js';
import { Execution } from './execution.js';
import { ExpiryTimers } from './expiry.js';
import { snapshotPolicy } from './policy.js';
import { Recovery, type IsOrphan, type RecoveryReport } from './recovery.js';
import type { StoredPayload } from './render-approval.js';
import { Voting } from './voting.js';

export type { AfterExecution, ApprovalOutcome } from './approval-core.js';

export class ApprovalService {
  readonly repo: ApprovalRepo;
  private readonly core: ApprovalCore;
  readonly expiry: ExpiryTimers;
  readonly voting: Voting;
  readonly recovery: Recovery;

  constructor(
    private readonly services: Services,
    private readonly poster: Poster,
  ) {
    this.core = new ApprovalCore(services, poster);
    this.repo = this.core.repo;
    this.expiry = new ExpiryTimers(this.core);
    this.voting = new Voting(this.core, this.expiry, new Execution(this.core));
    this.recovery = new Recovery(this.core, this.expiry);
  }

  register(kind: string, executor: Executor): void {
    if (this.core.executors.has(kind)) throw new Error(`approval executor "${kind}" registered twice`);
    this.core.executors.set(kind, executor);
  }

  onExecuted(hook: AfterExecution): void {
    this.core.onExecuted(hook);
  }

  async request(req: ApprovalRequest, origin: { actor: Actor; channel: ChannelRef; thread?: MessageRef }): Promise<{ approvalId: string; message: MessageRef }> {
    if (!this.core.executors.has(req.kind)) throw new Error(`no executor registered for approval kind "${req.kind}"`);
    if (!origin.actor.id) throw new OpsError('NO_ACTOR_ID', 'cannot request an approval for someone the chat did not identify (no user id)');
    const { clock, config } = this.services;
    const platformApprovers = this.poster.adapterFor(origin.channel.platform).approvers?.() ?? { roles: [], users: [] };
    const policy = snapshotPolicy(config.approval, platformApprovers, {
      quorum: req.quorum,
      allowSelfApproval: req.allowSelfApproval,
      ttlMs: req.ttlMs,
      roles: req.approvers?.roles,
      users: req.approvers?.users,
    });
    const now = clock.now();
    const title = (req.preview.blocks.find((b) => b.type === 'header') as { text?: string } | undefined)?.text ?? req.kind;
    const payload: StoredPayload = {
      kind: req.kind,
      data: req.payload,
      preview: { blocks: req.preview.blocks.filter((b) => b.type !== 'header') },
      title,
      requesterName: origin.actor.name,
      approverRoles: [...policy.roles, ...policy.users],
    };
    const row: ApprovalRow = {
      id: randomUUID(),
      run_id: req.runId ?? '',
      step_id: req.runId ? `${req.runId}:${req.step ?? 1}` : '',
      step_n: req.step ?? 1,
      platform: origin.channel.platform,
      channel_id: origin.channel.id,
      message_id: null,
      thread_id: origin.thread?.id ?? null,
      requester_id: origin.actor.id,
      quorum: policy.quorum,
      allow_self: policy.allowSelfApproval ? 1 : 0,
      payload: JSON.stringify(payload),
      state: 'pending',
      created_at: iso(now),
      expires_at: iso(now + policy.ttlMs),
      decided_at: null,
      executor: null,
      policy: JSON.stringify(policy),
    };
    // Stored first: if we crash after posting, the request still exists and resumes.
    await this.repo.insert(row);
    const message = await this.poster.post(origin.channel, this.core.render(row, []), { thread: origin.thread?.id });
    if (!(await this.repo.setMessageIfUnset(row.id, message.id, origin.thread?.id ?? null))) {
      // We were so slow that another replica posted it again: point at that one.
      await this.poster.update(message, { blocks: [{ type: 'text', text: `This request for "${title}" was posted again further down; vote there.` }] }).catch(() => undefined);
      const linked = await this.repo.get(row.id);
      return { approvalId: row.id, message: { channel: origin.channel, id: linked?.message_id ?? message.id, thread: origin.thread?.id } };
    }
    await this.services.audit.append({
      actor: actorLabel(origin.actor),
      action: 'approval.requested',
      subject: row.id,
      data: { kind: req.kind, title, quorum: row.quorum, expiresAt: row.expires_at, message: message.id, approvers: { roles: policy.roles, users: policy.users } },
    });
    this.expiry.schedule({ ...row, message_id: message.id });
    return { approvalId: row.id, message };
  }

  /** true if the reaction was on an approval request (handled, even if it did not count) */
  onReaction(reaction: Reaction): Promise<boolean> {
    return this.voting.onReaction(reaction);
  }

  onAction(action: Action): Promise<boolean> {
    return this.voting.onAction(action);
  }

  strayVote(reaction: Reaction): Promise<void> {
    return this.voting.strayVote(reaction);
  }

  /** Re-renders the request message from stored state. */
  refresh(id: string, result?: string): Promise<void> {
    return this.core.refresh(id, result);
  }

  resume(isOrphan: IsOrphan, everyUnlinkedIsStale = false): Promise<RecoveryReport> {
    return this.recovery.resume(isOrphan, everyUnlinkedIsStale);
  }

  /** Stop scheduling expiry timers. Executions keep running; `interruptOwn` ends what is left. */
  async stop(): Promise<void> {
    this.expiry.stop();
  }

  /** Shutdown past its grace period: interrupt this replica's executions, through the hooks. */
  interruptOwn(reason?: string): Promise<number> {
    return this.recovery.interruptOwn(reason);
  }

  idle(): Promise<void> {
    return this.core.idle();
  }
}
