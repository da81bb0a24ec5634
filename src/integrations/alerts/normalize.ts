/**
 * Parses a webhook body with its source's schema and turns it into an AlertNotification.
 * A bad payload throws ALERT_PAYLOAD_INVALID naming the zod path of the first problem, so the
 * sender's operator can fix their template from the 400 alone.
 */
import type { z } from 'zod';
import { OpsError } from '../../core/errors.js';
import { alertmanagerPayload, genericPayload, grafanaPayload } from './payload-schemas.js';
import type { AlertLink, AlertNotification, AlertSource, NormalizedAlert } from './types.js';

/** Alertmanager's "not ended yet" value, and anything before 1971, means no end time. */
const NO_TIME = Date.UTC(1971, 0, 1);

export function normalizeTime(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t) || t < NO_TIME) return undefined;
  return new Date(t).toISOString();
}

function links(pairs: [string, string | undefined][]): AlertLink[] {
  return pairs.filter((p): p is [string, string] => typeof p[1] === 'string' && /^https?:\/\//i.test(p[1])).map(([label, url]) => ({ label, url }));
}

export function firstProblem(error: z.ZodError): { path: string; message: string } {
  const issue = error.issues[0]!;
  return { path: issue.path.map(String).join('.') || '(root)', message: issue.message };
}

/** A payload its schema refused; `path` is the zod path of the first problem (`alerts.3.startsAt`). */
export class AlertPayloadError extends OpsError {
  constructor(
    readonly path: string,
    readonly problem: string,
    cause: unknown,
  ) {
    super('ALERT_PAYLOAD_INVALID', `${path}: ${problem}`, { cause });
  }
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const { path, message } = firstProblem(result.error);
    throw new AlertPayloadError(path, message, result.error);
  }
  return result.data;
}

export function normalizePayload(source: AlertSource, body: unknown): AlertNotification {
  if (source === 'generic') {
    const g = parse(genericPayload, body);
    const alert: NormalizedAlert = {
      fingerprint: g.fingerprint,
      status: g.status,
      labels: g.labels,
      annotations: g.annotations,
      startsAt: normalizeTime(g.startsAt) ?? '',
      endsAt: normalizeTime(g.endsAt),
      links: links([['source', g.url]]),
      runbook: g.runbook,
      title: g.title,
      severity: g.severity,
    };
    return {
      source,
      groupKey: g.group ?? g.fingerprint,
      status: g.status,
      receiver: '',
      externalURL: '',
      title: g.title,
      message: '',
      commonLabels: g.labels,
      truncatedAlerts: 0,
      alerts: [alert],
    };
  }
  const p = source === 'grafana' ? parse(grafanaPayload, body) : parse(alertmanagerPayload, body);
  const grafana = source === 'grafana' ? (p as z.infer<typeof grafanaPayload>) : undefined;
  return {
    source,
    groupKey: p.groupKey || JSON.stringify(p.groupLabels),
    status: p.status,
    receiver: p.receiver,
    externalURL: p.externalURL,
    title: grafana?.title || p.commonAnnotations.summary || p.commonLabels.alertname || '',
    message: grafana?.message ?? '',
    commonLabels: p.commonLabels,
    truncatedAlerts: p.truncatedAlerts,
    alerts: p.alerts.map((a, i): NormalizedAlert => {
      const g = grafana?.alerts[i];
      const values = g?.valueString || (g?.values ? Object.entries(g.values).map(([k, v]) => `${k}=${String(v)}`).join(', ') : undefined);
      return {
        fingerprint: a.fingerprint,
        status: a.status,
        labels: a.labels,
        annotations: a.annotations,
        startsAt: normalizeTime(a.startsAt) ?? '',
        endsAt: normalizeTime(a.endsAt),
        links: links([
          ['source', a.generatorURL],
          ['dashboard', g?.dashboardURL],
          ['panel', g?.panelURL],
          ['silence', g?.silenceURL],
        ]),
        ...(values ? { values } : {}),
      };
    }),
  };
}
