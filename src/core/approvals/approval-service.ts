/**
 * The approval state machine (see DESIGN.md "Approvals"):
 *   pending → executing → succeeded | failed      (quorum met; one conditional write picks the executor)
 *   pending → rejected | expired
 *   executing → interrupted                       (found on restart; never re-run)
 * Requests and votes are written before anything is acknowledged in chat.
 */
import { randomUUID } from 'node:crypto';
import { actorLabel } from '../actor-label.js';
import type { Actor, ChannelRef, MessageRef, Reaction, Action } from '../chat.js';
import { iso, type TimerHandle } from '../clock.js';
import type { ApprovalRequest, Executor, ExecutorContext, ExecutorResult } from '../commands/define-command.js';
import { emojiIn } from '../emoji.js';
import { errorMessage } from '../errors.js';
import type { Poster } from '../poster.js';
import type { Services } from '../services.js';
import { ApprovalRepo, type ApprovalRow } from './approval-repo.js';
import { checkVoter, decide, effectivePolicy } from './policy.js';
import { renderApproval, type StoredPayload } from './render-approval.js';

export interface ApprovalOutcome {
  state: 'succeeded' | 'failed' | 'rejected' | 'expired' | 'interrupted';
  result?: ExecutorResult;
}

/** Called once a request is finished (ran, rejected, expired, interrupted): next step, lock release. */
export type AfterExecution = (row: ApprovalRow, payload: StoredPayload, outcome: ApprovalOutcome) => Promise<void>;

export class ApprovalService {
  readonly repo: ApprovalRepo;
  private executors = new Map<string, Executor>();
  private timers = new Map<string, TimerHandle>();
  private running = new Set<Promise<void>>();
  private afterHooks: AfterExecution[] = [];
  private stopping = false;

  constructor(
    private readonly services: Services,
    private readonly poster: Poster,
  ) {
    this.repo = new ApprovalRepo(services.store.db);
  }

  register(kind: string, executor: Executor): void {
    if (this.executors.has(kind)) throw new Error(`approval executor "${kind}" registered twice`);
    this.executors.set(kind, executor);
  }

  onExecuted(hook: AfterExecution): void {
    this.afterHooks.push(hook);
  }

  async request(
    req: ApprovalRequest,
    origin: { actor: Actor; channel: ChannelRef; thread?: MessageRef },
  ): Promise<{ approvalId: string; message: MessageRef }> {
    if (!this.executors.has(req.kind)) throw new Error(`no executor registered for approval kind "${req.kind}"`);
    const { clock, config } = this.services;
    const policy = effectivePolicy(config.approval, { quorum: req.quorum, allowSelfApproval: req.allowSelfApproval, ttlMs: req.ttlMs });
    const now = clock.now();
    const title = (req.preview.blocks.find((b) => b.type === 'header') as { text?: string } | undefined)?.text ?? req.kind;
    const payload: StoredPayload = {
      kind: req.kind,
      data: req.payload,
      preview: { blocks: req.preview.blocks.filter((b) => b.type !== 'header') },
      title,
      requesterName: origin.actor.name,
      approverRoles: [...policy.approverRoles, ...policy.approverUsers],
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
    };
    // Stored first: if we crash after posting, the request still exists and resumes.
    await this.repo.insert(row);
    const message = await this.poster.post(origin.channel, renderApproval(row, payload, [], now), { thread: origin.thread?.id });
    await this.repo.setMessage(row.id, message.id, origin.thread?.id ?? null);
    await this.services.audit.append({
      actor: actorLabel(origin.actor),
      action: 'approval.requested',
      subject: row.id,
      data: { kind: req.kind, title, quorum: row.quorum, expiresAt: row.expires_at, message: message.id },
    });
    this.scheduleExpiry({ ...row, message_id: message.id });
    return { approvalId: row.id, message };
  }

  /** true if the reaction was on an approval request (handled, even if it did not count) */
  async onReaction(reaction: Reaction): Promise<boolean> {
    const row = await this.repo.byMessage(reaction.message.channel.platform, reaction.message.channel.id, reaction.message.id);
    if (!row) return false;
    const vote = this.voteOf(reaction.emoji);
    if (vote) await this.vote(row, reaction.actor, vote, reaction.emoji);
    return true; // other emoji on an approval request: ordinary chat
  }

  /**
   * An approve/reject emoji on a message that is no approval request (and that no command
   * claimed): say so privately, so nobody believes they approved something.
   */
  async strayVote(reaction: Reaction): Promise<void> {
    if (!this.voteOf(reaction.emoji)) return;
    await this.services.audit.append({ actor: actorLabel(reaction.actor), action: 'approval.vote_ignored', subject: reaction.message.id, data: { reason: 'not an approval request', emoji: reaction.emoji } });
    await this.poster.notify(reaction.actor, reaction.message.channel, `That message is not an approval request, so your ${reaction.emoji} did nothing.`);
  }

  private voteOf(emoji: string): 'approve' | 'reject' | null {
    const { approveEmoji, rejectEmoji } = this.services.config.approval;
    return emojiIn(emoji, approveEmoji) ? 'approve' : emojiIn(emoji, rejectEmoji) ? 'reject' : null;
  }

  async onAction(action: Action): Promise<boolean> {
    if (action.actionId !== 'approve' && action.actionId !== 'reject') return false;
    const row = await this.repo.byMessage(action.message.channel.platform, action.message.channel.id, action.message.id);
    if (!row) return false;
    await this.vote(row, action.actor, action.actionId, `the ${action.actionId === 'approve' ? 'Approve' : 'Reject'} button`);
    return true;
  }

  private async vote(row: ApprovalRow, actor: Actor, vote: 'approve' | 'reject', via: string): Promise<void> {
    const { audit, clock } = this.services;
    const channel: ChannelRef = { platform: row.platform, id: row.channel_id };
    const ignore = async (reason: string, text: string) => {
      await audit.append({ actor: actorLabel(actor), action: 'approval.vote_ignored', subject: row.id, data: { reason, vote, via } });
      await this.poster.notify(actor, channel, text);
    };
    if (row.state === 'pending' && Date.parse(row.expires_at) <= clock.now()) {
      await this.expire(row);
      return ignore('expired', `This approval expired at ${row.expires_at}; nothing was run. Request it again if it is still needed.`);
    }
    if (row.state !== 'pending') {
      return ignore(`already ${row.state}`, `This approval is already ${row.state}; your ${via} changed nothing.`);
    }
    const payload = JSON.parse(row.payload) as StoredPayload;
    const check = checkVoter(actor, row.requester_id, {
      approverRoles: this.services.config.approval.approverRoles,
      approverUsers: this.services.config.approval.approverUsers,
      allowSelfApproval: row.allow_self === 1,
    });
    if (!check.ok) return ignore(check.code, check.message);

    const added = await this.repo.addVote({ approval_id: row.id, voter_id: actor.id, voter_name: actor.name, vote, created_at: iso(clock.now()) });
    if (added) await audit.append({ actor: actorLabel(actor), action: 'approval.vote', subject: row.id, data: { vote, via } });
    const votes = await this.repo.votes(row.id);
    const decision = decide(votes, row.quorum);
    if (decision === 'rejected') {
      if (await this.repo.transition(row.id, 'pending', 'rejected', { decided_at: iso(clock.now()) })) {
        this.clearTimer(row.id);
        await audit.append({ actor: actorLabel(actor), action: 'approval.rejected', subject: row.id, data: { title: payload.title } });
        await this.refresh(row.id);
        await this.fireAfter({ ...row, state: 'rejected' }, payload, { state: 'rejected' });
      }
      return;
    }
    if (decision === 'approved') {
      const won = await this.repo.transition(row.id, 'pending', 'executing', { decided_at: iso(clock.now()), executor: this.services.replicaId });
      if (won) {
        this.clearTimer(row.id);
        await audit.append({ actor: 'system', action: 'approval.approved', subject: row.id, data: { approvers: votes.filter((v) => v.vote === 'approve').map((v) => v.voter_name) } });
        this.track(this.execute(row.id, votes.map((v) => ({ id: v.voter_id, name: v.voter_name }))));
      }
      return;
    }
    await this.refresh(row.id);
  }

  private async execute(id: string, approvers: { id: string; name: string }[]): Promise<void> {
    const row = (await this.repo.get(id))!;
    const payload = JSON.parse(row.payload) as StoredPayload;
    const channel: ChannelRef = { platform: row.platform, id: row.channel_id };
    const thread: MessageRef | undefined = row.thread_id ? { channel, id: row.thread_id } : undefined;
    await this.refresh(id);
    const executor = this.executors.get(payload.kind);
    const ctx: ExecutorContext = {
      services: this.services,
      approvalId: id,
      requester: { id: row.requester_id, name: payload.requesterName },
      channel,
      thread,
      approvers,
      post: (m, t) => this.poster.post(channel, m, { thread: (t ?? thread)?.id }),
      update: (ref, m) => this.poster.update(ref, m),
    };
    let result: ExecutorResult;
    try {
      result = executor ? await executor(payload.data, ctx) : { ok: false, summary: `no executor for "${payload.kind}"` };
    } catch (err) {
      this.services.logger.error({ err, approval: id }, 'approval executor threw');
      result = { ok: false, summary: `error: ${errorMessage(err)}` };
    }
    const state = result.ok ? 'succeeded' : 'failed';
    await this.repo.transition(id, 'executing', state);
    await this.services.audit.append({ actor: 'system', action: 'approval.executed', subject: id, data: { ok: result.ok, summary: this.services.redactor.redact(result.summary) } });
    await this.refresh(id, result.summary);
    if (result.details) await ctx.post(result.details);
    await this.fireAfter({ ...row, state }, payload, { state, result });
  }

  private async fireAfter(row: ApprovalRow, payload: StoredPayload, outcome: ApprovalOutcome): Promise<void> {
    this.services.metrics?.approvals.inc({ outcome: outcome.state });
    for (const hook of this.afterHooks) {
      try {
        await hook(row, payload, outcome);
      } catch (err) {
        this.services.logger.error({ err, approval: row.id }, 'after-execution hook failed');
      }
    }
  }

  /** Re-renders the request message from stored state. */
  async refresh(id: string, result?: string): Promise<void> {
    const row = await this.repo.get(id);
    if (!row?.message_id) return;
    const payload = JSON.parse(row.payload) as StoredPayload;
    const votes = await this.repo.votes(id);
    const ref: MessageRef = { channel: { platform: row.platform, id: row.channel_id }, id: row.message_id, thread: row.thread_id ?? undefined };
    // Not awaited: edits are coalesced by the poster and flushed on idle/stop.
    void this.poster.update(ref, renderApproval(row, payload, votes, this.services.clock.now(), result)).catch((err) => this.services.logger.warn({ err }, 'approval message update failed'));
  }

  private async expire(row: ApprovalRow): Promise<void> {
    this.clearTimer(row.id);
    if (!(await this.repo.transition(row.id, 'pending', 'expired', { decided_at: iso(this.services.clock.now()) }))) return;
    const payload = JSON.parse(row.payload) as StoredPayload;
    await this.services.audit.append({ actor: 'system', action: 'approval.expired', subject: row.id, data: { title: payload.title } });
    await this.refresh(row.id);
    const channel: ChannelRef = { platform: row.platform, id: row.channel_id };
    await this.poster.post(channel, { blocks: [{ type: 'text', text: `⌛ Approval for "${payload.title}" expired at ${row.expires_at} without enough approvals; nothing was run.` }] }, { thread: row.thread_id ?? undefined });
    await this.fireAfter({ ...row, state: 'expired' }, payload, { state: 'expired' });
  }

  private scheduleExpiry(row: ApprovalRow): void {
    if (this.stopping) return;
    const due = Date.parse(row.expires_at) - this.services.clock.now();
    this.clearTimer(row.id);
    this.timers.set(
      row.id,
      this.services.clock.setTimeout(() => {
        this.timers.delete(row.id);
        this.track(this.expire(row).catch((err) => this.services.logger.error({ err }, 'expiring approval failed')));
      }, Math.max(0, due)),
    );
  }

  private clearTimer(id: string): void {
    const t = this.timers.get(id);
    if (t) this.services.clock.clearTimeout(t);
    this.timers.delete(id);
  }

  /**
   * On start: pending requests resume with their stored expiry; executions that were under way
   * when a process died become `interrupted` and are reported, never re-run.
   * `isOrphan` says whether an executing row's executor is gone (always true for single-process SQLite).
   */
  async resume(isOrphan: (row: ApprovalRow) => Promise<boolean>): Promise<{ resumed: number; interrupted: number }> {
    let interrupted = 0;
    for (const row of await this.repo.inState('executing')) {
      if (!(await isOrphan(row))) continue;
      if (!(await this.repo.transition(row.id, 'executing', 'interrupted'))) continue;
      interrupted++;
      const payload = JSON.parse(row.payload) as StoredPayload;
      await this.services.audit.append({ actor: 'system', action: 'approval.interrupted', subject: row.id, data: { title: payload.title, executor: row.executor } });
      await this.refresh(row.id).catch(() => undefined);
      const channel: ChannelRef = { platform: row.platform, id: row.channel_id };
      await this.poster
        .post(channel, { blocks: [{ type: 'text', text: `⚠️ "${payload.title}" was running when opsbridge stopped. It was marked interrupted and will not be re-run automatically: check the system before requesting it again.` }] }, { thread: row.thread_id ?? undefined })
        .catch((err) => this.services.logger.warn({ err }, 'could not report interrupted step'));
      await this.fireAfter({ ...row, state: 'interrupted' }, payload, { state: 'interrupted' });
    }
    const pending = await this.repo.inState('pending');
    for (const row of pending) {
      if (Date.parse(row.expires_at) <= this.services.clock.now()) await this.expire(row);
      else {
        // Stored but its message id never recorded (died between posting and saving): post it again.
        if (!row.message_id) await this.repost(row);
        this.scheduleExpiry(row);
      }
    }
    return { resumed: pending.length, interrupted };
  }

  private async repost(row: ApprovalRow): Promise<void> {
    const payload = JSON.parse(row.payload) as StoredPayload;
    const channel: ChannelRef = { platform: row.platform, id: row.channel_id };
    const votes = await this.repo.votes(row.id);
    const message = await this.poster.post(channel, renderApproval(row, payload, votes, this.services.clock.now()), { thread: row.thread_id ?? undefined });
    await this.repo.setMessage(row.id, message.id, row.thread_id);
    row.message_id = message.id;
  }

  /** Stop scheduling; wait (bounded by the caller) for executions to finish. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const id of [...this.timers.keys()]) this.clearTimer(id);
  }

  idle(): Promise<void> {
    return Promise.allSettled([...this.running]).then(() => (this.running.size ? this.idle() : undefined));
  }

  private track(p: Promise<void>): void {
    const wrapped = p.catch((err) => this.services.logger.error({ err }, 'approval task failed'));
    this.running.add(wrapped);
    void wrapped.finally(() => this.running.delete(wrapped));
  }
}
