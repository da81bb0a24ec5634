import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';

const problems = (fm: string) => parseRunbook(`---\nid: x\n${fm}\n---\n# X\n`, 'x.md').problems.map((p) => p.message);

describe('front-matter alerts:', () => {
  it('reads the list form and the mapping form', () => {
    const a = parseRunbook('---\nalerts: [{ alertname: PostgresDown }, { alertname: "=~Pg.*", env: prod }]\n---\n', 'a.md');
    expect(a.problems).toEqual([]);
    expect(a.alerts!.match.map((g) => g.map((m) => `${m.label}${m.op}${m.value}`))).toEqual([['alertname=PostgresDown'], ['alertname=~Pg.*', 'env=prod']]);
    const b = parseRunbook('---\nalerts: { match: [{ alertname: M }], severity: { warning: sev-2 } }\n---\n', 'b.md');
    expect(b.alerts!.severity).toEqual({ warning: 'SEV2' });
  });

  it('reports bad matchers with the line of the key', () => {
    expect(problems('alerts: nope')).toEqual(['alerts must be a list of label matchers: alerts: [{ alertname: PostgresDown }]']);
    expect(problems('alerts: [{ alertname: "=~(" }]')[0]).toMatch(/not a valid regular expression/);
    expect(problems('alerts: [{}]')[0]).toMatch(/non-empty mapping/);
    expect(problems('alerts: [{ "bad-label": x }]')[0]).toMatch(/not a label name/);
    expect(problems('alerts: { match: [], severity: { warning: urgent } }')[0]).toMatch(/use SEV0 to SEV4/);
    expect(parseRunbook('---\nid: x\n\nalerts: nope\n---\n', 'x.md').problems[0]!.line).toBe(4);
  });
});
