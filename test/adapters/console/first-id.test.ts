/**
 * Console message ids come from one counter in the store: processes sharing a store (each with
 * its own connection) never hand out the same id, and numbering continues after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { consoleIdAllocator } from '../../../src/adapters/console/first-id.js';
import type { Store } from '../../../src/store/types.js';
import { storeKinds, type TestStore } from '../../helpers/test-store.js';
import { approvalRow, runRow } from '../../store/fixtures.js';

describe.each(storeKinds())('console ids on $name', (kind) => {
  let store: TestStore;
  let other: Store | undefined;
  afterEach(async () => {
    await other?.close();
    await store?.close();
  });

  it('two processes on one store never get the same id', async () => {
    store = await kind.open();
    other = await store.reopen();
    const a = await consoleIdAllocator(store.db);
    const b = await consoleIdAllocator(other.db);
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a() : b())));
    expect(new Set(ids).size).toBe(40);
    expect([...ids].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('continues past the ids already stored', async () => {
    store = await kind.open();
    await store.db.insertInto('runs').values({ ...runRow(), thread_id: 'm7' }).execute();
    await store.db.insertInto('approvals').values({ ...approvalRow(), message_id: 'm12' }).execute();
    const next = await consoleIdAllocator(store.db);
    expect(await next()).toBe(13);
  });
});
