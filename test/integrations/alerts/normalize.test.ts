import { describe, expect, it } from 'vitest';
import { AlertPayloadError, normalizePayload } from '../../../src/integrations/alerts/normalize.js';
import { alertmanagerPayload, amAlert, grafanaPayload } from './fixtures/payloads.js';

function problem(fn: () => unknown): AlertPayloadError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AlertPayloadError) return err;
    throw err;
  }
  throw new Error('expected a payload error');
}

describe('normalizePayload', () => {
  it('reads an Alertmanager v4 notification, treating the zero endsAt as "not ended"', () => {
    const n = normalizePayload('alertmanager', alertmanagerPayload());
    expect(n).toMatchObject({ source: 'alertmanager', status: 'firing', groupKey: '{}:{alertname="PostgresDown"}', title: 'PostgreSQL is down on db-1' });
    expect(n.alerts[0]).toMatchObject({ fingerprint: 'a1b2c3d4e5f60718', startsAt: '2026-01-01T00:00:00.000Z', endsAt: undefined });
    expect(n.alerts[0]!.links).toEqual([{ label: 'source', url: 'http://prometheus.example:9090/graph?g0.expr=pg_up+%3D%3D+0' }]);
  });

  it('reads Grafana fields: title, message, values and its dashboard, panel and silence links', () => {
    const n = normalizePayload('grafana', grafanaPayload());
    expect(n.title).toBe('[FIRING:1] HighMemory Infra');
    expect(n.alerts[0]!.values).toBe("[ var='B' labels={} value=93.5 ]");
    expect(n.alerts[0]!.links.map((l) => l.label)).toEqual(['source', 'dashboard', 'panel', 'silence']);
  });

  it('reads the generic format; without startsAt replays still share one key', () => {
    const a = normalizePayload('generic', { title: 'Disk almost full', fingerprint: 'disk-db-1', severity: 'warning', runbook: 'db' });
    expect(a.alerts[0]).toMatchObject({ fingerprint: 'disk-db-1', status: 'firing', startsAt: '', runbook: 'db', severity: 'warning' });
    expect(a.groupKey).toBe('disk-db-1');
  });

  it('names the zod path of the first problem', () => {
    expect(problem(() => normalizePayload('alertmanager', alertmanagerPayload({ alerts: [amAlert(), amAlert({ startsAt: 'yesterday' })] }))).path).toBe('alerts.1.startsAt');
    expect(problem(() => normalizePayload('alertmanager', { ...alertmanagerPayload(), status: 'exploded' })).path).toBe('status');
    expect(problem(() => normalizePayload('alertmanager', alertmanagerPayload({ alerts: [] }))).path).toBe('alerts');
    expect(problem(() => normalizePayload('generic', { fingerprint: 'x' })).path).toBe('title');
    expect(problem(() => normalizePayload('grafana', [])).path).toBe('(root)');
    expect(problem(() => normalizePayload('alertmanager', alertmanagerPayload({ alerts: [amAlert({ labels: { a: 1 } })] }))).path).toBe('alerts.0.labels.a');
  });

  it('keeps links only when they are http(s) URLs', () => {
    const n = normalizePayload('alertmanager', alertmanagerPayload({ alerts: [amAlert({ generatorURL: 'javascript:alert(1)' })] }));
    expect(n.alerts[0]!.links).toEqual([]);
  });
});
