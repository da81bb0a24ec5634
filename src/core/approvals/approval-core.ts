/**
 * What voting, expiry and recovery share: the store, the poster, registered executors and the
 * after-execution hooks. One instance per ApprovalService; the parts never talk to chat or the
 * store except through it, so every path renders and audits the same way.
 */
import type { ChannelRef, MessageRef } from '../chat.js';
import type { Executor, ExecutorResult } from '../commands/define-command.js';
import { voteEmoji } from '../emoji.js';
import type { Message } from '../message.js';
import type { Poster } from '../poster.js';
import type { Services } from '../services.js';
import { ApprovalRepo, type ApprovalRow } from './approval-repo.js';
import { renderApproval, type StoredPayload } from './render-approval.js';

export interface ApprovalOutcome {
  state: 'succeeded' | 'failed' | 'rejected' | 'expired' | 'interrupted';
  result?: ExecutorResult;
}

/** Called once a request is finished (ran, rejected, expired, interrupted): next step, lock release. */
export type AfterExecution = (row: ApprovalRow, payload: StoredPayload, outcome: ApprovalOutcome) => Promise<void>;

export class ApprovalCore {
  readonly repo: ApprovalRepo;
  readonly executors = new Map<string, Executor>();
  private readonly afterHooks: AfterExecution[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(
    readonly services: Services,
    readonly poster: Poster,
  ) {
    this.repo = new ApprovalRepo(services.store.db);
  }

  onExecuted(hook: AfterExecution): void {
    this.afterHooks.push(hook);
  }

  async fireAfter(row: ApprovalRow, payload: StoredPayload, outcome: ApprovalOutcome): Promise<void> {
    this.services.metrics?.approvals.inc({ outcome: outcome.state });
    for (const hook of this.afterHooks) {
      try {
        await hook(row, payload, outcome);
      } catch (err) {
        this.services.logger.error({ err, approval: row.id }, 'after-execution hook failed');
      }
    }
  }

  /** Re-renders the request message from stored state. Never throws: a failed edit is logged. */
  async refresh(id: string, result?: string): Promise<void> {
    try {
      const row = await this.repo.get(id);
      if (!row?.message_id) return;
      const votes = await this.repo.votes(id);
      const ref: MessageRef = { channel: channelOf(row), id: row.message_id, thread: row.thread_id ?? undefined };
      // Not awaited: edits are coalesced by the poster and flushed on idle/stop.
      void this.poster.update(ref, this.render(row, votes, result)).catch((err) => this.services.logger.warn({ err }, 'approval message update failed'));
    } catch (err) {
      this.services.logger.warn({ err, approval: id }, 'approval message refresh failed');
    }
  }

  /** The request message as stored state says it looks now, on the platform it was made on. */
  render(row: ApprovalRow, votes: { voter_name: string; vote: string }[], result?: string): Message {
    return renderApproval(row, payloadOf(row), votes, this.services.clock.now(), voteEmoji(this.services.config.approval, row.platform), result);
  }

  /** A line in the request's thread (where everyone following the run sees it). Never throws. */
  async say(row: ApprovalRow, text: string): Promise<void> {
    await this.poster
      .post(channelOf(row), { blocks: [{ type: 'text', text }] }, { thread: row.thread_id ?? undefined })
      .then(() => undefined)
      .catch((err) => this.services.logger.warn({ err, approval: row.id }, 'could not post in the approval thread'));
  }

  /** Background work (executions, expiries) that `idle()` waits for. */
  track(p: Promise<void>): void {
    const wrapped = p.catch((err) => this.services.logger.error({ err }, 'approval task failed'));
    this.running.add(wrapped);
    void wrapped.finally(() => this.running.delete(wrapped));
  }

  idle(): Promise<void> {
    return Promise.allSettled([...this.running]).then(() => (this.running.size ? this.idle() : undefined));
  }
}

export function channelOf(row: ApprovalRow): ChannelRef {
  return { platform: row.platform, id: row.channel_id, ...(row.thread_id ? { thread: row.thread_id } : {}) };
}

export function payloadOf(row: ApprovalRow): StoredPayload {
  return JSON.parse(row.payload) as StoredPayload;
}
