/**
 * Votes: a reaction or button press on a request message → a stored vote → a decision.
 * Every vote is stored before anything is acknowledged; the decision is re-derived from the
 * stored votes, and the one conditional `pending → executing` write picks the executor, so
 * concurrent reactions on any number of replicas run the step once. Every vote that does not
 * count gets a private reply saying why.
 */
import { actorLabel } from '../actor-label.js';
import type { Action, Actor, MessageRef, Reaction } from '../chat.js';
import { iso } from '../clock.js';
import { emojiIn } from '../emoji.js';
import type { ApprovalRow } from './approval-repo.js';
import { type ApprovalCore, channelOf, payloadOf } from './approval-core.js';
import type { Execution } from './execution.js';
import type { ExpiryTimers } from './expiry.js';
import { checkVoter, decide, policyOf } from './policy.js';
import { clockTime, requestIs, VoteAct, voteAct } from '../wording.js';

export type VoteKind = 'approve' | 'reject';

export class Voting {
  constructor(
    private readonly core: ApprovalCore,
    private readonly expiry: ExpiryTimers,
    private readonly execution: Execution,
  ) {}

  voteOf(emoji: string): VoteKind | null {
    const { approveEmoji, rejectEmoji } = this.core.services.config.approval;
    return emojiIn(emoji, approveEmoji) ? 'approve' : emojiIn(emoji, rejectEmoji) ? 'reject' : null;
  }

  /** true if the reaction was on an approval request (handled, even if it did not count) */
  async onReaction(reaction: Reaction): Promise<boolean> {
    const row = await this.requestAt(reaction.message);
    if (!row) return false;
    const vote = this.voteOf(reaction.emoji);
    if (vote) await this.vote(row, reaction.actor, vote, reaction.emoji);
    return true; // other emoji on an approval request: ordinary chat
  }

  async onAction(action: Action): Promise<boolean> {
    if (action.actionId !== 'approve' && action.actionId !== 'reject') return false;
    const row = await this.requestAt(action.message);
    if (!row) return false;
    await this.vote(row, action.actor, action.actionId, `the ${action.actionId === 'approve' ? 'Approve' : 'Reject'} button`);
    return true;
  }

  /**
   * The request a message is. A message in a thread is reported with the thread's parent channel;
   * where the thread is itself the run's channel (a Discord incident thread) it is stored under the thread.
   */
  private async requestAt(message: MessageRef): Promise<ApprovalRow | undefined> {
    const { platform, id: channelId } = message.channel;
    const row = await this.core.repo.byMessage(platform, channelId, message.id);
    if (row || !message.thread || message.thread === channelId) return row;
    return this.core.repo.byMessage(platform, message.thread, message.id);
  }

  /**
   * An approve/reject emoji on a message that is no approval request (and that no command
   * claimed): say so privately, so nobody believes they approved something.
   */
  async strayVote(reaction: Reaction): Promise<void> {
    if (!this.voteOf(reaction.emoji)) return;
    await this.core.services.audit.append({ actor: actorLabel(reaction.actor), action: 'approval.vote_ignored', subject: reaction.message.id, data: { reason: 'not an approval request', emoji: reaction.emoji } });
    await this.core.poster.notify(reaction.actor, { ...reaction.message.channel, ...(reaction.message.thread ? { thread: reaction.message.thread } : {}) }, `That message is not an approval request, so ${voteAct(reaction.emoji, reaction.message.channel.platform)} did nothing.`);
  }

  private async vote(row: ApprovalRow, actor: Actor, vote: VoteKind, via: string): Promise<void> {
    const { services, repo } = this.core;
    const { audit, clock } = services;
    const ignore = async (reason: string, text: string) => {
      await audit.append({ actor: actorLabel(actor), action: 'approval.vote_ignored', subject: row.id, data: { reason, vote, via } });
      await this.core.poster.notify(actor, channelOf(row), text);
    };
    if (row.state === 'pending' && Date.parse(row.expires_at) <= clock.now()) {
      await this.expiry.expire(row);
      return ignore('expired', `This approval expired at ${clockTime(row.expires_at, clock.now())}; nothing was run. Request it again if it is still needed.`);
    }
    if (row.state !== 'pending') {
      return ignore(`already ${row.state}`, `This request ${requestIs(row.state)}, so ${voteAct(via, row.platform)} changed nothing.`);
    }
    const payload = payloadOf(row);
    const check = checkVoter(actor, row.requester_id, policyOf(row, services.config));
    if (!check.ok) return ignore(check.code, `${VoteAct(via, row.platform)} was not counted: ${check.message}`);

    const earlier = (await repo.votes(row.id)).find((v) => v.voter_id === actor.id);
    if (earlier && earlier.vote === vote) {
      const left = row.quorum - (await repo.votes(row.id)).filter((v) => v.vote === 'approve').length;
      return ignore('duplicate vote', `You already ${vote === 'approve' ? 'approved' : 'rejected'} this${vote === 'approve' && left > 0 ? `; it still needs ${left} more approval${left === 1 ? '' : 's'} from someone else` : ''}.`);
    }
    if (earlier) {
      // An approver who approved and now rejects withdraws the approval: stopping is always allowed.
      if (!(await repo.changeVote(row.id, actor.id, earlier.vote, vote))) return ignore('vote changed concurrently', 'Your vote changed meanwhile; nothing else happened. React again if needed.');
      await audit.append({ actor: actorLabel(actor), action: 'approval.vote_changed', subject: row.id, data: { from: earlier.vote, to: vote, via } });
    } else {
      const added = await repo.addVote({ approval_id: row.id, voter_id: actor.id, voter_name: actor.name, vote, created_at: iso(clock.now()) });
      if (added) await audit.append({ actor: actorLabel(actor), action: 'approval.vote', subject: row.id, data: { vote, via } });
    }
    const votes = await repo.votes(row.id);
    const decision = decide(votes, row.quorum);
    if (decision === 'rejected') {
      if (await repo.transition(row.id, 'pending', 'rejected', { decided_at: iso(clock.now()) })) {
        this.expiry.clear(row.id);
        await audit.append({ actor: actorLabel(actor), action: 'approval.rejected', subject: row.id, data: { title: payload.title } });
        await this.core.refresh(row.id);
        await this.core.fireAfter({ ...row, state: 'rejected' }, payload, { state: 'rejected' });
        if (earlier) await this.core.poster.notify(actor, channelOf(row), 'You withdrew your approval and rejected it; nothing was run.');
      } else {
        const now = await repo.get(row.id);
        await this.core.poster.notify(actor, channelOf(row), `${VoteAct(via, row.platform)} came too late: this request ${requestIs(now?.state ?? 'closed')}.`);
      }
      return;
    }
    if (decision === 'approved') {
      const won = await repo.transition(row.id, 'pending', 'executing', { decided_at: iso(clock.now()), executor: services.replicaId });
      if (won) {
        this.expiry.clear(row.id);
        await this.execution.takeLease(row.id);
        await audit.append({ actor: 'system', action: 'approval.approved', subject: row.id, data: { approvers: votes.filter((v) => v.vote === 'approve').map((v) => v.voter_name) } });
        this.core.track(this.execution.run(row.id, votes.map((v) => ({ id: v.voter_id, name: v.voter_name }))));
      } else {
        // Another reaction (maybe on another replica) got the single write first: say so, or
        // this voter would wonder whether anything happened.
        const now = await repo.get(row.id);
        const state = now?.state ?? 'closed';
        await this.core.poster.notify(actor, channelOf(row), `Your approval was counted, but another approval got there first: this request ${requestIs(state)}. It runs only once.`);
      }
      return;
    }
    await this.core.refresh(row.id);
  }
}
