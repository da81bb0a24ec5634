/**
 * The three webhook payloads opsbridge accepts, as zod schemas. Unknown fields are kept quiet
 * (senders add fields between versions); the fields opsbridge acts on are checked strictly
 * enough that a 400 names the first thing wrong (`alerts.3.startsAt`).
 */
import * as z from 'zod';

/** Label and annotation maps: string → string, as Alertmanager and Grafana send them. */
const stringMap = z.record(z.string().max(1024), z.string().max(16_384));
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an RFC 3339 timestamp');
const status = z.enum(['firing', 'resolved']);

/** One alert in an Alertmanager webhook (version 4). */
export const alertmanagerAlert = z.looseObject({
  status,
  labels: stringMap,
  annotations: stringMap.default({}),
  startsAt: timestamp,
  // Alertmanager sends 0001-01-01T00:00:00Z for "not ended".
  endsAt: timestamp.optional(),
  generatorURL: z.string().max(4096).default(''),
  fingerprint: z.string().min(1).max(128),
});

export const alertmanagerPayload = z.looseObject({
  version: z.string().optional(),
  receiver: z.string().max(1024).default(''),
  status,
  groupKey: z.string().max(8192).default(''),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().max(4096).default(''),
  truncatedAlerts: z.number().int().nonnegative().default(0),
  alerts: z.array(alertmanagerAlert).min(1, 'a notification needs at least one alert'),
});

/** Grafana unified alerting's webhook contact point: the Alertmanager shape plus its own fields. */
export const grafanaAlert = alertmanagerAlert.extend({
  values: z.record(z.string(), z.union([z.number(), z.string(), z.null()])).nullish(),
  valueString: z.string().max(16_384).optional(),
  dashboardURL: z.string().max(4096).default(''),
  panelURL: z.string().max(4096).default(''),
  silenceURL: z.string().max(4096).default(''),
});

export const grafanaPayload = alertmanagerPayload.extend({
  orgId: z.number().int().optional(),
  title: z.string().max(4096).default(''),
  state: z.string().max(64).optional(),
  message: z.string().max(65_536).default(''),
  alerts: z.array(grafanaAlert).min(1, 'a notification needs at least one alert'),
});

/**
 * The generic format, for senders that are neither (a Datadog or CloudWatch relay, a cron job):
 *
 *   { "title": "Disk almost full on db-1",   required
 *     "fingerprint": "disk-db-1",            required: the same problem always sends the same value
 *     "status": "firing" | "resolved",       default firing
 *     "severity": "critical",                optional, goes through alerts.severityMap
 *     "startsAt": "2026-01-01T00:00:00Z",    optional, default: when it arrived
 *     "labels": { ... }, "annotations": { ... },
 *     "runbook": "db",                        optional: a runbook id, skips label matching
 *     "url": "https://..." }                  optional: a link to the source
 */
export const genericPayload = z.looseObject({
  title: z.string().min(1).max(1024),
  fingerprint: z.string().min(1).max(128),
  status: status.default('firing'),
  severity: z.string().max(64).optional(),
  startsAt: timestamp.optional(),
  endsAt: timestamp.optional(),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  runbook: z.string().max(128).optional(),
  url: z.string().max(4096).optional(),
  group: z.string().max(1024).optional(),
});

export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;
export type GrafanaPayload = z.infer<typeof grafanaPayload>;
export type GenericPayload = z.infer<typeof genericPayload>;
