import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/types.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-migrate-'));
  store = await openStore({ dataDir: dir });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

it('a store with every migration recorded runs none', async () => {
  expect(await migrateToLatest(store.db, { location: dir })).toEqual([]);
});

it('a store missing the newest migration gets it, even though all the older ones are recorded', async () => {
  const newest = Object.keys(MIGRATIONS).sort().at(-1)!;
  await MIGRATIONS[newest]!.down!(store.db);
  await (store.db as Kysely<any>).deleteFrom('kysely_migration').where('name', '=', newest).execute();
  expect(await migrateToLatest(store.db, { location: dir })).toEqual([newest]);
  expect(await migrateToLatest(store.db, { location: dir })).toEqual([]);
});
