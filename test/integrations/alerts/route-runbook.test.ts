import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { climbsDirectories, routeAlert } from '../../../src/integrations/alerts/route-runbook.js';
import type { NormalizedAlert } from '../../../src/integrations/alerts/types.js';

const runbooks = [
  parseRunbook('---\nid: db\naliases: [postgres]\nalerts: [{ alertname: PostgresDown }, { alertname: "=~Pg.*", env: prod }]\n---\n# DB\n', 'runbooks/db.md'),
  parseRunbook('---\nid: high-memory\nalerts:\n  match: [{ alertname: HighMemory }]\n  severity: { warning: SEV2 }\n---\n# Memory\n', 'runbooks/high-memory.md'),
  parseRunbook('# Passwd\n', 'runbooks/passwd.md'),
  parseRunbook('---\nid: catch-env\nalerts: [{ env: "!=prod", team: "=~ops|sre" }]\n---\n# Non-prod\n', 'runbooks/zz-catch.md'),
];

const alert = (labels: Record<string, string>, annotations: Record<string, string> = {}): NormalizedAlert => ({ fingerprint: 'f', status: 'firing', labels, annotations, startsAt: '', links: [] });
const routed = (a: NormalizedAlert) => {
  const r = routeAlert(a, runbooks);
  return { id: r.runbook?.id, via: r.via, notes: r.notes };
};

describe('routeAlert', () => {
  it('prefers the opsbridge_runbook annotation, by id or alias', () => {
    expect(routed(alert({ alertname: 'HighMemory' }, { opsbridge_runbook: 'postgres' }))).toMatchObject({ id: 'db', via: 'annotation' });
  });

  it('reads the last path segment or the fragment of runbook_url', () => {
    expect(routed(alert({}, { runbook_url: 'https://github.com/acme/ops/blob/main/runbooks/db.md' }))).toMatchObject({ id: 'db', via: 'runbook_url' });
    expect(routed(alert({}, { runbook_url: 'https://wiki.example/runbooks#high-memory' }))).toMatchObject({ id: 'high-memory', via: 'runbook_url' });
    expect(routed(alert({}, { runbook_url: 'https://wiki.example/runbooks/high-memory' }))).toMatchObject({ id: 'high-memory' });
    expect(routed(alert({}, { runbook_url: 'runbooks/high-memory.md#diagnosis' }))).toMatchObject({ id: 'high-memory' });
  });

  it('never follows a runbook_url that climbs out of the runbooks directory, however encoded', () => {
    for (const url of ['../../etc/passwd', 'https://x.example/runbooks/../../etc/passwd', 'runbooks/%2e%2e/%2e%2e/etc/passwd', '..%252f..%252fetc%252fpasswd', '..\\..\\etc\\passwd', 'file:///etc/passwd']) {
      const r = routed(alert({ alertname: 'Nothing' }, { runbook_url: url }));
      expect(r.id, url).toBeUndefined();
    }
    expect(routed(alert({}, { runbook_url: '../../etc/passwd' })).notes[0]).toMatch(/outside the runbooks directory/);
    expect(climbsDirectories('https://wiki.example/runbooks/db.md')).toBe(false);
  });

  it('falls back to front-matter label matchers: exact, anchored =~, != and all labels of one entry', () => {
    expect(routed(alert({ alertname: 'PostgresDown' }))).toMatchObject({ id: 'db', via: 'labels' });
    expect(routed(alert({ alertname: 'PgReplicationLag', env: 'prod' }))).toMatchObject({ id: 'db' });
    // "=~Pg.*" is anchored: a name merely containing Pg does not match, and env must match too.
    expect(routed(alert({ alertname: 'NotPgLag', env: 'prod' })).id).toBeUndefined();
    expect(routed(alert({ alertname: 'PgReplicationLag', env: 'staging' })).id).toBeUndefined();
    expect(routed(alert({ alertname: 'X', env: 'staging', team: 'sre' })).id).toBe('catch-env');
    expect(routed(alert({ alertname: 'X', env: 'staging', team: 'sre-east' })).id).toBeUndefined();
  });

  it('explains a hint that named nothing and still tries the labels', () => {
    const r = routed(alert({ alertname: 'PostgresDown' }, { opsbridge_runbook: 'nope', runbook_url: 'https://wiki.example/x' }));
    expect(r).toMatchObject({ id: 'db', via: 'labels' });
    expect(r.notes).toEqual(['opsbridge_runbook "nope" names no loaded runbook', 'runbook_url names no loaded runbook']);
  });

  it('selects nothing for labels no runbook matches', () => {
    expect(routed(alert({ alertname: 'Unknown' }))).toEqual({ id: undefined, via: undefined, notes: [] });
  });
});
