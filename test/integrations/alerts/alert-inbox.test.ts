import { describe, expect, it } from 'vitest';
import { AlertInbox, MAX_ATTEMPTS } from '../../../src/integrations/alerts/alert-inbox.js';
import { normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { storeKinds } from '../../helpers/test-store.js';

const notification = () => normalizePayload('generic', { title: 'disk full', fingerprint: 'disk-1' });

describe.each(storeKinds())('AlertInbox on $name', (kind) => {
  it('hands each pending notification to exactly one claimant, in arrival order', async () => {
    const store = await kind.open();
    const other = await store.reopen();
    try {
      let t = 1_000;
      const a = new AlertInbox(store.db, () => t++, 'replica-a');
      const b = new AlertInbox(other.db, () => t++, 'replica-b');
      const first = await a.add(notification());
      const second = await a.add(notification());
      expect(await b.pending()).toEqual([first, second]);
      const claims = await Promise.all([a.claim(first), b.claim(first)]);
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(claims.find(Boolean)!.notification.alerts[0]!.fingerprint).toBe('disk-1');
      expect(await a.pending()).toEqual([second]);
    } finally {
      await other.close();
      await store.close();
    }
  });

  it('gives back work a dead process claimed, and parks a notification that keeps failing', async () => {
    const store = await kind.open();
    try {
      const dead = new AlertInbox(store.db, () => 0, 'dead');
      const alive = new AlertInbox(store.db, () => 0, 'alive');
      const id = await dead.add(notification());
      await dead.claim(id);
      expect(await alive.pending()).toEqual([]);
      expect(await alive.reclaim(async (owner) => owner === 'dead')).toBe(1);
      expect(await alive.pending()).toEqual([id]);
      // The crashed attempt counts: a notification that kills the process every time is parked too.
      for (let i = 2; i <= MAX_ATTEMPTS; i++) {
        const row = (await alive.claim(id))!;
        expect(row.attempts).toBe(i);
        await alive.failed(id, row.attempts, 'boom');
      }
      expect(await alive.counts()).toEqual({ failed: 1 });
    } finally {
      await store.close();
    }
  });
});
