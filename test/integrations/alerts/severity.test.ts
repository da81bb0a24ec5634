import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { alertSeverity, mostUrgent } from '../../../src/integrations/alerts/severity.js';
import type { NormalizedAlert } from '../../../src/integrations/alerts/types.js';

const config = loadConfig({}).alerts;
const alert = (severity?: string): NormalizedAlert => ({ fingerprint: 'f', status: 'firing', labels: severity === undefined ? {} : { severity }, annotations: {}, startsAt: '', links: [] });

describe('alertSeverity', () => {
  it('maps the default labels: critical→SEV1, error→SEV2, warning→SEV3, info→SEV4 (any case)', () => {
    expect(['critical', 'ERROR', 'Warning', 'info'].map((s) => alertSeverity(alert(s), config).severity)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  });

  it('gives unknown or missing severities the default, and says it did not know them', () => {
    expect(alertSeverity(alert('page-me-maybe'), config)).toEqual({ severity: 'SEV3', label: 'page-me-maybe', known: false });
    expect(alertSeverity(alert(), config)).toEqual({ severity: 'SEV3', known: false });
  });

  it('accepts SEV values as they are and honours a configured map', () => {
    expect(alertSeverity(alert('sev-0'), config).severity).toBe('SEV0');
    const custom = loadConfig({}, 'alerts: { severityMap: { p1: SEV0 }, defaultSeverity: SEV2 }').alerts;
    expect(alertSeverity(alert('P1'), custom).severity).toBe('SEV0');
    expect(alertSeverity(alert('critical'), custom).severity).toBe('SEV2');
  });

  it('lets a runbook override the map', () => {
    const rb = parseRunbook('---\nid: mem\nalerts: { match: [{ alertname: M }], severity: { warning: SEV2 } }\n---\n# M\n', 'mem.md');
    expect(alertSeverity(alert('warning'), config, rb).severity).toBe('SEV2');
    expect(alertSeverity(alert('critical'), config, rb).severity).toBe('SEV1');
  });

  it('picks the most urgent', () => {
    expect(mostUrgent(['SEV3', 'SEV1', 'SEV4'])).toBe('SEV1');
  });
});
