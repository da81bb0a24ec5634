/**
 * Persistence for approvals and votes. Every state change is a conditional UPDATE
 * (`WHERE state = from`), so concurrent reactions and replicas agree on one outcome.
 */
import type { Db, ApprovalsTable } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/is-unique-violation.js';
import { OpsError } from '../errors.js';
import type { ApprovalState } from '../message.js';

export type ApprovalRow = ApprovalsTable;

export class ApprovalRepo {
  constructor(private readonly db: Db) {}

  async insert(row: ApprovalRow): Promise<void> {
    await this.db.insertInto('approvals').values(row).execute();
  }

  /**
   * Links a request to its chat message, if it has none yet; false if another process linked it
   * first. A message id already used by another request in the same channel is an error
   * (MESSAGE_ID_COLLISION): a reaction on it could not say which request it approves.
   */
  async setMessageIfUnset(id: string, messageId: string, threadId: string | null): Promise<boolean> {
    try {
      const r = await this.db.updateTable('approvals').set({ message_id: messageId, thread_id: threadId }).where('id', '=', id).where('message_id', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new OpsError('MESSAGE_ID_COLLISION', `message id ${messageId} is already used by another approval request in this channel; the request was not linked to it`, { cause: err });
      }
      throw err;
    }
  }

  get(id: string): Promise<ApprovalRow | undefined> {
    return this.db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byMessage(platform: string, channelId: string, messageId: string): Promise<ApprovalRow | undefined> {
    return this.db
      .selectFrom('approvals')
      .selectAll()
      .where('platform', '=', platform)
      .where('channel_id', '=', channelId)
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  }

  inState(state: ApprovalState): Promise<ApprovalRow[]> {
    return this.db.selectFrom('approvals').selectAll().where('state', '=', state).execute();
  }

  /** Inserts a vote; false if this voter already voted (primary key). */
  async addVote(vote: { approval_id: string; voter_id: string; voter_name: string; vote: 'approve' | 'reject'; created_at: string }): Promise<boolean> {
    const existing = await this.db
      .selectFrom('votes')
      .select('vote')
      .where('approval_id', '=', vote.approval_id)
      .where('voter_id', '=', vote.voter_id)
      .executeTakeFirst();
    if (existing) return false;
    try {
      await this.db.insertInto('votes').values(vote).execute();
      return true;
    } catch (err) {
      // A concurrent insert of the same vote (another replica saw the same reaction) lost the race.
      if (await this.hasVote(vote.approval_id, vote.voter_id)) return false;
      throw err;
    }
  }

  /** approve → reject (or back) for one voter; false if their vote was not `from` any more. */
  async changeVote(approvalId: string, voterId: string, from: string, to: 'approve' | 'reject'): Promise<boolean> {
    const r = await this.db.updateTable('votes').set({ vote: to }).where('approval_id', '=', approvalId).where('voter_id', '=', voterId).where('vote', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private async hasVote(approvalId: string, voterId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('votes')
      .select('voter_id')
      .where('approval_id', '=', approvalId)
      .where('voter_id', '=', voterId)
      .executeTakeFirst();
    return row !== undefined;
  }

  votes(approvalId: string) {
    return this.db.selectFrom('votes').selectAll().where('approval_id', '=', approvalId).orderBy('created_at').execute();
  }

  /** Like transition, but only while `owner` is still the executor (a replica that lost its lease loses this). */
  async transitionOwned(id: string, from: ApprovalState, to: ApprovalState, owner: string): Promise<boolean> {
    const result = await this.db.updateTable('approvals').set({ state: to }).where('id', '=', id).where('state', '=', from).where('executor', '=', owner).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The single conditional write: true for exactly one caller. */
  async transition(id: string, from: ApprovalState, to: ApprovalState, fields: Partial<ApprovalRow> = {}): Promise<boolean> {
    const result = await this.db
      .updateTable('approvals')
      .set({ ...fields, state: to })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
