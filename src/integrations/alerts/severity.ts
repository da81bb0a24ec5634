/**
 * Alert severity → incident severity. The `severity` label (or the generic payload's field) is
 * looked up lower-cased in the runbook's own `alerts.severity` map, then in alerts.severityMap.
 * A missing or unknown value gets alerts.defaultSeverity, and the summary says so: an unknown
 * label never silently becomes "not urgent".
 */
import type { AlertsConfig } from '../../config/schema.js';
import type { Runbook } from '../../core/runbook/model.js';
import type { NormalizedAlert } from './types.js';

export interface SeverityResult {
  severity: string;
  /** the label value as sent, if any */
  label?: string;
  known: boolean;
}

export function alertSeverity(alert: NormalizedAlert, config: Pick<AlertsConfig, 'severityMap' | 'defaultSeverity'>, runbook?: Runbook): SeverityResult {
  const label = alert.severity ?? alert.labels.severity;
  const key = label?.trim().toLowerCase();
  const mapped = key ? (runbook?.alerts?.severity[key] ?? lower(config.severityMap)[key]) : undefined;
  if (mapped) return { severity: mapped, label, known: true };
  // Already an incident severity ("SEV1", "sev-2")?
  const direct = key?.replace('-', '').toUpperCase();
  if (direct && /^SEV[0-4]$/.test(direct)) return { severity: direct, label, known: true };
  return { severity: config.defaultSeverity, ...(label !== undefined ? { label } : {}), known: false };
}

/** The most urgent of several: SEV0 beats SEV4. */
export function mostUrgent(severities: string[]): string {
  return [...severities].sort()[0] ?? 'SEV3';
}

function lower(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k.toLowerCase(), v]));
}
