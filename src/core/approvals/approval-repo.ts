/**
 * Persistence for approvals and votes. Every state change is a conditional UPDATE
 * (`WHERE state = from`), so concurrent reactions and replicas agree on one outcome.
 */
import type { Db, ApprovalsTable } from '../../store/schema.js';
import type { ApprovalState } from '../message.js';

export type ApprovalRow = ApprovalsTable;

export class ApprovalRepo {
  constructor(private readonly db: Db) {}

  async insert(row: ApprovalRow): Promise<void> {
    await this.db.insertInto('approvals').values(row).execute();
  }

  async setMessage(id: string, messageId: string, threadId: string | null): Promise<void> {
    await this.db.updateTable('approvals').set({ message_id: messageId, thread_id: threadId }).where('id', '=', id).execute();
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
