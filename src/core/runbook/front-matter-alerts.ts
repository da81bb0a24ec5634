/**
 * Front-matter `alerts:`: which alerts open this runbook, and (optionally) how their severity
 * label maps to an incident severity for this runbook. Two spellings:
 *
 *   alerts: [{ alertname: PostgresDown }, { alertname: "=~Pg.*", env: prod }]
 *   alerts: { match: [...], severity: { warning: SEV2 } }
 *
 * Within one matcher every label must match; any matcher in the list selects the runbook.
 * Values are exact, or Prometheus-style operators: `=~re`, `!~re` (anchored, as in PromQL), `!=v`.
 */
export type LabelOp = '=' | '!=' | '=~' | '!~';
export interface LabelMatcher {
  label: string;
  op: LabelOp;
  value: string;
  /** compiled, anchored; for =~ and !~ */
  re?: RegExp;
}

export interface AlertRouting {
  /** OR of AND-lists */
  match: LabelMatcher[][];
  /** severity label value → SEV0..SEV4, overriding alerts.severityMap for this runbook */
  severity: Record<string, string>;
}

const SEV = /^SEV[0-4]$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function readAlertRouting(value: unknown, err: (message: string) => void): AlertRouting | undefined {
  const out: AlertRouting = { match: [], severity: {} };
  let list: unknown = value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const r = value as Record<string, unknown>;
    list = r.match ?? [];
    if (r.severity !== undefined) {
      if (!r.severity || typeof r.severity !== 'object' || Array.isArray(r.severity)) err('alerts.severity must be a mapping such as { warning: SEV2 }');
      else
        for (const [label, sev] of Object.entries(r.severity as Record<string, unknown>)) {
          const s = String(sev).toUpperCase().replace('-', '');
          if (!SEV.test(s)) err(`alerts.severity.${label}: "${String(sev)}" is not a severity; use SEV0 to SEV4`);
          else out.severity[label.toLowerCase()] = s;
        }
    }
  }
  if (!Array.isArray(list)) {
    err('alerts must be a list of label matchers: alerts: [{ alertname: PostgresDown }]');
    return undefined;
  }
  for (const entry of list) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry) || Object.keys(entry).length === 0) {
      err('each alerts entry must be a non-empty mapping of label: value, e.g. { alertname: PostgresDown }');
      continue;
    }
    const group: LabelMatcher[] = [];
    let ok = true;
    for (const [label, raw] of Object.entries(entry as Record<string, unknown>)) {
      if (!LABEL_NAME.test(label)) {
        err(`alerts: "${label}" is not a label name`);
        ok = false;
        continue;
      }
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        err(`alerts: the value of ${label} must be text`);
        ok = false;
        continue;
      }
      const m = parseMatcher(label, String(raw));
      if (typeof m === 'string') {
        err(m);
        ok = false;
      } else group.push(m);
    }
    if (ok && group.length) out.match.push(group);
  }
  return out;
}

function parseMatcher(label: string, text: string): LabelMatcher | string {
  const op: LabelOp = text.startsWith('=~') ? '=~' : text.startsWith('!~') ? '!~' : text.startsWith('!=') ? '!=' : '=';
  const value = op === '=' ? text : text.slice(2);
  if (op === '=~' || op === '!~') {
    try {
      // Anchored like PromQL: "=~Pg.*" must match the whole value, not any text containing "Pg".
      return { label, op, value, re: new RegExp(`^(?:${value})$`, 'u') };
    } catch (e) {
      return `alerts: ${label} ${text} is not a valid regular expression: ${(e as Error).message}`;
    }
  }
  return { label, op, value };
}

/** True when every matcher of the group holds for these labels (a missing label is ""). */
export function matchesLabels(group: LabelMatcher[], labels: Record<string, string>): boolean {
  return group.every((m) => {
    const v = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return m.re!.test(v);
      case '!~':
        return !m.re!.test(v);
    }
  });
}
