/**
 * The incident document: what `opsbridge incident show --json` prints and what the postmortem
 * export carries. One zod schema, used by the exporter and by the tests, so the contract is one
 * definition. Times are ISO-8601 UTC; durations are seconds.
 */
import * as z from 'zod';

const person = z.object({ id: z.string(), name: z.string() }).strict();
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'an ISO-8601 UTC time');
const seconds = z.number().nonnegative().nullable();

export const timelineEntrySchema = z
  .object({ at: iso, type: z.string().regex(/^[a-z][a-z0-9_]*$/), actor: z.string(), actor_id: z.string(), text: z.string(), data: z.record(z.string(), z.unknown()) })
  .strict();

export const stepEntrySchema = z
  .object({
    run: z.string(),
    runbook: z.string().nullable(),
    step: z.number().int().positive(),
    section: z.string(),
    safety: z.string(),
    status: z.string(),
    exit_code: z.number().int().nullable(),
    duration_ms: z.number().nonnegative().nullable(),
    output_sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    requested_by: z.string(),
    approved_by: z.array(z.string()),
    started_at: iso.nullable(),
    finished_at: iso.nullable(),
  })
  .strict();

export const incidentDocumentSchema = z
  .object({
    ref: z.string().regex(/^INC-\d+$/),
    id: z.string().uuid(),
    title: z.string(),
    severity: z.enum(['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4']),
    status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'cancelled']),
    source: z.string(),
    channel: z.string().nullable(),
    summary: z.string().nullable(),
    declared_by: person,
    roles: z.object({ commander: person.nullable(), scribe: person.nullable(), comms: person.nullable() }).strict(),
    declared_at: iso,
    acknowledged_at: iso.nullable(),
    mitigated_at: iso.nullable(),
    resolved_at: iso.nullable(),
    cancelled_at: iso.nullable(),
    duration_seconds: seconds,
    time_to_acknowledge_seconds: seconds,
    time_to_mitigate_seconds: seconds,
    time_to_resolve_seconds: seconds,
    runbooks: z.array(z.string()),
    timeline: z.array(timelineEntrySchema),
    steps: z.array(stepEntrySchema),
    followups: z.array(z.object({ at: iso, by: z.string(), text: z.string() }).strict()),
    audit: z.object({ events: z.number().int().nonnegative(), head: z.object({ seq: z.number().int().positive(), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict().nullable() }).strict(),
    generated_at: iso,
  })
  .strict();

export type IncidentDocument = z.infer<typeof incidentDocumentSchema>;
