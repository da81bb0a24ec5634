import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { renderPlainText } from '../../../src/core/message.js';
import { startAlertHarness, type AlertHarness } from './harness.js';
import { alertmanagerPayload, amAlert } from './fixtures/payloads.js';

let h: AlertHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('alert change announcements', () => {
  it('fold changes within 30 s into one message; later changes get a new one', async () => {
    const clock = new ManualClock(Date.now());
    h = await startAlertHarness({ clock });
    const alerts = [amAlert()];
    await h.post('alertmanager', alertmanagerPayload({ alerts }));
    await h.settle();
    for (const fp of ['b', 'c', 'd']) {
      alerts.push(amAlert({ fingerprint: fp, labels: { alertname: 'PostgresDown', severity: 'critical', instance: `db-${fp}` } }));
      await h.post('alertmanager', alertmanagerPayload({ alerts }));
      await h.settle();
    }
    const posts = () => h!.events.filter((e) => e.type === 'post' && renderPlainText(e.message).startsWith('🔥 alert firing'));
    expect(posts()).toHaveLength(1);
    expect(h.transcript()).toMatch(/🔥 alert firing: PostgresDown on db-b \(b\)\n🔥 alert firing: PostgresDown on db-c \(c\)\n🔥 alert firing: PostgresDown on db-d \(d\)/);
    await clock.advance(31_000);
    alerts.push(amAlert({ fingerprint: 'e', labels: { alertname: 'PostgresDown', instance: 'db-e' } }));
    await h.post('alertmanager', alertmanagerPayload({ alerts }));
    await h.settle();
    expect(posts()).toHaveLength(2);
  });
});
