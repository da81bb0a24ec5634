/** The store enforces one approval request per message: a collision is an error, never a silent match. */
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalRepo } from '../../../src/core/approvals/approval-repo.js';
import { storeKinds, type TestStore } from '../../helpers/test-store.js';
import type { ApprovalRow } from '../../../src/core/approvals/approval-repo.js';
import { approvalRow as fixture, runRow } from '../../store/fixtures.js';

const approvalRow = (id: string) => fixture(id) as ApprovalRow;

describe.each(storeKinds())('approval repo on $name', (kind) => {
  let store: TestStore;
  afterEach(async () => {
    await store?.close();
  });

  it('refuses to link a second request to a message id already used in the same channel', async () => {
    store = await kind.open();
    await store.db.insertInto('runs').values(runRow()).execute();
    const repo = new ApprovalRepo(store.db);
    await repo.insert({ ...approvalRow('a1'), message_id: null });
    await repo.insert({ ...approvalRow('a2'), message_id: null });
    expect(await repo.setMessageIfUnset('a1', 'm14', null)).toBe(true);
    await expect(repo.setMessageIfUnset('a2', 'm14', null)).rejects.toMatchObject({ code: 'MESSAGE_ID_COLLISION' });
    // the same id in another channel or on another platform is another message
    await repo.insert({ ...approvalRow('a3'), channel_id: 'other', message_id: null });
    expect(await repo.setMessageIfUnset('a3', 'm14', null)).toBe(true);
    expect((await repo.byMessage('console', 'incident', 'm14'))!.id).toBe('a1');
  });

  it('links a request once: a second link (a slow first poster) is refused', async () => {
    store = await kind.open();
    const repo = new ApprovalRepo(store.db);
    await repo.insert({ ...approvalRow('a1'), message_id: null });
    expect(await repo.setMessageIfUnset('a1', 'm1', null)).toBe(true);
    expect(await repo.setMessageIfUnset('a1', 'm2', null)).toBe(false);
  });
});
