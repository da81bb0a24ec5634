/** Named leases shared by replicas: on SQLite and PostgreSQL, one holder at a time. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { acquireLock, releaseLock } from '../../src/core/locks.js';
import type { Store } from '../../src/store/types.js';
import { storeKinds, type TestStore } from '../helpers/test-store.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const MIN = 60_000;
const LOCK = 'rollback:production';

describe.each(storeKinds())('locks on $name', (kind) => {
  let store: TestStore;
  let other: Store; // a second replica on the same database
  beforeEach(async () => {
    store = await kind.open();
    other = await store.reopen();
  });
  afterEach(async () => {
    await other.close();
    await store.close();
  });

  const holder = async () => (await store.db.selectFrom('locks').select('owner').where('name', '=', LOCK).executeTakeFirst())?.owner;

  it('gives the lock to exactly one of 40 concurrent acquirers across two replicas', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => acquireLock((i % 2 ? other : store).db, LOCK, `owner-${i}`, 5 * MIN, T0)),
    );
    const winners = results.flatMap((won, i) => (won ? [`owner-${i}`] : []));
    expect(winners).toHaveLength(1);
    expect(await holder()).toBe(winners[0]);
  });

  it('refuses a held lock until it expires, then lets another owner take it over', async () => {
    expect(await acquireLock(store.db, LOCK, 'alice-run', 5 * MIN, T0)).toBe(true);
    expect(await acquireLock(other.db, LOCK, 'bob-run', 5 * MIN, T0 + 4 * MIN)).toBe(false);
    expect(await holder()).toBe('alice-run');

    expect(await acquireLock(other.db, LOCK, 'bob-run', 5 * MIN, T0 + 5 * MIN)).toBe(true);
    expect(await holder()).toBe('bob-run');
    const row = await store.db.selectFrom('locks').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ name: LOCK, owner: 'bob-run', acquired_at: '2026-01-01T12:05:00.000Z', expires_at: '2026-01-01T12:10:00.000Z' });
  });

  it('lets exactly one of many concurrent callers take over an expired lock', async () => {
    expect(await acquireLock(store.db, LOCK, 'crashed-replica', MIN, T0)).toBe(true);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => acquireLock((i % 2 ? other : store).db, LOCK, `owner-${i}`, MIN, T0 + 2 * MIN)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await holder()).toMatch(/^owner-\d+$/);
  });

  it('renews the lease when the holder acquires again', async () => {
    expect(await acquireLock(store.db, LOCK, 'alice-run', MIN, T0)).toBe(true);
    expect(await acquireLock(store.db, LOCK, 'alice-run', MIN, T0 + 50_000)).toBe(true);
    expect(await acquireLock(other.db, LOCK, 'bob-run', MIN, T0 + 90_000)).toBe(false);
  });

  it('release frees the lock at once, but only for its holder', async () => {
    expect(await acquireLock(store.db, LOCK, 'alice-run', 5 * MIN, T0)).toBe(true);
    await releaseLock(other.db, LOCK, 'bob-run'); // not the holder: no effect
    expect(await acquireLock(other.db, LOCK, 'bob-run', 5 * MIN, T0)).toBe(false);

    await releaseLock(store.db, LOCK, 'alice-run');
    expect(await holder()).toBeUndefined();
    expect(await acquireLock(other.db, LOCK, 'bob-run', 5 * MIN, T0)).toBe(true);
  });

  it('keeps locks with different names independent', async () => {
    expect(await acquireLock(store.db, 'rollback:production', 'a', MIN, T0)).toBe(true);
    expect(await acquireLock(store.db, 'rollback:staging', 'b', MIN, T0)).toBe(true);
  });
});
