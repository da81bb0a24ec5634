import { describe, expect, it } from 'vitest';
import { AlertGroups, groupId } from '../../../src/integrations/alerts/alert-groups.js';
import type { NormalizedAlert } from '../../../src/integrations/alerts/types.js';
import { storeKinds } from '../../helpers/test-store.js';

const alert = (status: 'firing' | 'resolved', startsAt = '2026-01-01T00:00:00.000Z'): NormalizedAlert => ({ fingerprint: 'fp1', status, labels: { alertname: 'X' }, annotations: {}, startsAt, links: [] });

describe.each(storeKinds())('AlertGroups on $name', (kind) => {
  it('reports each state change of an instance once, and a new startsAt as a new firing', async () => {
    const store = await kind.open();
    try {
      const groups = new AlertGroups(store.db, () => Date.UTC(2026, 0, 1));
      const gid = groupId('alertmanager', 'g', 'db');
      expect(await groups.create({ id: gid, source: 'alertmanager', group_key: 'g', runbook_id: 'db', state: 'new', severity: 'SEV1', title: 'X', notification_id: 'n1' })).toBe(true);
      expect(await groups.create({ id: gid, source: 'alertmanager', group_key: 'g', runbook_id: 'db', state: 'new', severity: 'SEV1', title: 'X', notification_id: 'n2' })).toBe(false);
      const seen = [];
      for (const a of [alert('firing'), alert('firing'), alert('resolved'), alert('resolved'), alert('firing', '2026-01-01T01:00:00.000Z')]) seen.push(await groups.observe('alertmanager', gid, a));
      expect(seen).toEqual(['fired', 'unchanged', 'resolved', 'unchanged', 'fired']);
      expect(await groups.firing(gid)).toBe(1);
      expect([...(await groups.runbooksOf('alertmanager', [alert('firing')])).values()]).toEqual(['db']);
      expect(await groups.transition(gid, ['new'], 'declaring')).toBe(true);
      expect(await groups.transition(gid, ['new'], 'declaring')).toBe(false);
    } finally {
      await store.close();
    }
  });
});
