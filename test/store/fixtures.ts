/** One complete row for every table, with the parent rows each needs. Shared by the store tests. */
import type { Insertable } from 'kysely';

import type { Database } from '../../src/store/schema.js';

export const AT = '2026-01-01T00:00:00.000Z';

export function runRow(id = 'run-1'): Insertable<Database['runs']> {
  return {
    id,
    command: 'incident',
    runbook_id: 'db',
    platform: 'console',
    channel_id: 'incident',
    thread_id: 'msg-1',
    requester_id: 'alice',
    requester_name: 'Alice',
    args: JSON.stringify({ runbook: 'db' }),
    status: 'running',
    created_at: AT,
    updated_at: AT,
    owner: 'replica-1',
    runbook_sha256: 'abc',
    snapshot: '{}',
  };
}

export function approvalRow(id = 'appr-1', runId = 'run-1'): Insertable<Database['approvals']> {
  return {
    id,
    run_id: runId,
    step_id: `${runId}:3`,
    step_n: 3,
    platform: 'console',
    channel_id: 'incident',
    message_id: `msg-${id}`,
    thread_id: 'msg-1',
    requester_id: 'alice',
    quorum: 2,
    allow_self: 0,
    payload: JSON.stringify({ runbook: 'db', params: {}, scriptHash: 'abc' }),
    state: 'approved',
    created_at: AT,
    expires_at: '2026-01-01T00:15:00.000Z',
    decided_at: null,
    executor: null,
    policy: JSON.stringify({ quorum: 2, allowSelfApproval: false, ttlMs: 900000, roles: ['approver'], users: [] }),
  };
}
