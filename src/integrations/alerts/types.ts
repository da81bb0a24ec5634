/** What every webhook payload becomes before routing: one shape for all three sources. */
export type AlertSource = 'alertmanager' | 'grafana' | 'generic';
export const ALERT_SOURCES: readonly AlertSource[] = ['alertmanager', 'grafana', 'generic'];

export interface AlertLink {
  label: string;
  url: string;
}

export interface NormalizedAlert {
  fingerprint: string;
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO-8601; '' when the sender gave none (generic), so replays still share one key */
  startsAt: string;
  endsAt?: string;
  links: AlertLink[];
  /** Grafana's valueString / values, as text */
  values?: string;
  /** generic `runbook` field: a runbook id chosen by the sender */
  runbook?: string;
  /** generic `title` / Grafana per-alert summary */
  title?: string;
  /** generic `severity` field (otherwise the severity label is used) */
  severity?: string;
}

export interface AlertNotification {
  source: AlertSource;
  /** Alertmanager's groupKey; generic: `group` or the fingerprint */
  groupKey: string;
  status: 'firing' | 'resolved';
  receiver: string;
  externalURL: string;
  title: string;
  message: string;
  commonLabels: Record<string, string>;
  truncatedAlerts: number;
  alerts: NormalizedAlert[];
}
