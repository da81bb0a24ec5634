import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../../src/core/message.js';
import { normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { changeLine, inert, renderAlertSummary } from '../../../src/integrations/alerts/render-alert.js';
import { alertmanagerPayload, amAlert, grafanaPayload } from './fixtures/payloads.js';

describe('inert', () => {
  it('breaks mentions and markdown, keeps one line and a bounded length', () => {
    const out = inert('<!channel> @here *bold* `code` [x](http://e)\nnext', 200);
    expect(out).not.toMatch(/<!channel>|@here|\*bold\*|`code`|\[x\]/);
    expect(out).not.toContain('\n');
    expect(inert('x'.repeat(500), 50)).toHaveLength(50);
  });
});

describe('renderAlertSummary', () => {
  it('shows labels, annotations, Grafana values and each distinct link', () => {
    const n = normalizePayload('grafana', grafanaPayload());
    const text = renderPlainText(renderAlertSummary({ notification: n, alerts: n.alerts, severity: 'SEV3', runbookId: 'high-memory', via: 'labels', notes: [] }));
    expect(text).toMatch(/Grafana reported 1 alert firing \(SEV3\)\. The high-memory runbook was chosen/);
    expect(text).toMatch(/alertname="HighMemory"/);
    expect(text).toMatch(/summary: Memory above 90% on web-1/);
    expect(text).toMatch(/value: \[ var='B' labels=\{\} value=93.5 \]/);
    expect(text).toMatch(/Dashboard: https:\/\/grafana.example\/d\/mem/);
    expect(text).toMatch(/Silence: https:\/\/grafana.example\/alerting\/silence/);
  });

  it('lists ten alerts, counts the rest, and mentions what the sender truncated', () => {
    const alerts = Array.from({ length: 25 }, (_, i) => amAlert({ fingerprint: `f${i}` }));
    const n = normalizePayload('alertmanager', { ...alertmanagerPayload({ alerts }), truncatedAlerts: 7 });
    const text = renderPlainText(renderAlertSummary({ notification: n, alerts: n.alerts, severity: 'SEV1', notes: [] }));
    expect(text.match(/🔥/g)).toHaveLength(10);
    expect(text).toMatch(/…and 15 more alerts; every one is on the incident timeline\./);
    expect(text).toMatch(/The sender left out 7 more alerts of this group/);
  });

  it('describes a change in one line', () => {
    expect(changeLine(normalizePayload('alertmanager', alertmanagerPayload()).alerts[0]!, 'resolved')).toBe('alert resolved: PostgresDown on db-1:5432 (a1b2c3d4e5f60718)');
  });
});
