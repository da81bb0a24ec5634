/**
 * Builds the incident document (show --json, postmortem export) from the store: the incident,
 * its timeline, every step its runs ran with who approved it, follow-ups, and the audit chain's
 * head at build time, so the record can later be checked against `opsbridge audit verify`.
 */
import { createHash } from 'node:crypto';
import { auditHead } from '../audit/audit-head.js';
import { iso } from '../clock.js';
import type { IncidentService } from './incident-service.js';
import type { Incident } from './model.js';
import { incidentDocumentSchema, type IncidentDocument } from './postmortem-schema.js';

const secondsBetween = (from: string, to: string | null): number | null => (to ? Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000) : null);

export async function incidentDocument(service: IncidentService, incident: Incident, nowMs: number): Promise<IncidentDocument> {
  const db = service.repo.db;
  const timeline = await service.timeline(incident.id);
  const runIds = await service.repo.runsOf(incident.id);
  const steps: IncidentDocument['steps'] = [];
  if (runIds.length) {
    const runs = await db.selectFrom('runs').selectAll().where('id', 'in', runIds).orderBy('created_at', 'asc').execute();
    const rows = await db.selectFrom('steps').selectAll().where('run_id', 'in', runIds).where('started_at', 'is not', null).orderBy('started_at', 'asc').execute();
    const approvals = await db.selectFrom('approvals').select(['id', 'step_id']).where('run_id', 'in', runIds).execute();
    const votes = approvals.length
      ? await db.selectFrom('votes').select(['approval_id', 'voter_name', 'vote']).where('approval_id', 'in', approvals.map((a) => a.id)).where('vote', '=', 'approve').orderBy('created_at', 'asc').execute()
      : [];
    for (const s of rows) {
      const run = runs.find((r) => r.id === s.run_id);
      const approvalIds = approvals.filter((a) => a.step_id === s.id).map((a) => a.id);
      steps.push({
        run: s.run_id,
        runbook: run?.runbook_id ?? null,
        step: s.n,
        section: s.section,
        safety: s.safety,
        status: s.status,
        exit_code: s.exit_code,
        duration_ms: s.duration_ms,
        output_sha256: s.finished_at ? createHash('sha256').update(s.output ?? '').digest('hex') : null,
        requested_by: run?.requester_name ?? 'unknown',
        approved_by: [...new Set(votes.filter((v) => approvalIds.includes(v.approval_id)).map((v) => v.voter_name))],
        started_at: s.started_at,
        finished_at: s.finished_at,
      });
    }
  }
  const doc: IncidentDocument = {
    ref: incident.ref,
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    source: incident.source,
    channel: incident.channel ? (incident.channel.name ?? incident.channel.id) : null,
    summary: incident.summary,
    declared_by: incident.declaredBy,
    roles: incident.roles,
    declared_at: incident.declaredAt,
    acknowledged_at: incident.acknowledgedAt,
    mitigated_at: incident.mitigatedAt,
    resolved_at: incident.resolvedAt,
    cancelled_at: incident.cancelledAt,
    duration_seconds: secondsBetween(incident.declaredAt, incident.resolvedAt ?? incident.cancelledAt),
    time_to_acknowledge_seconds: secondsBetween(incident.declaredAt, incident.acknowledgedAt),
    time_to_mitigate_seconds: secondsBetween(incident.declaredAt, incident.mitigatedAt),
    time_to_resolve_seconds: secondsBetween(incident.declaredAt, incident.resolvedAt),
    runbooks: incident.runbooks,
    timeline: timeline.map((e) => ({ at: e.at, type: e.type, actor: e.actor.name, actor_id: e.actor.id, text: e.text, data: e.data })),
    steps,
    followups: timeline.filter((e) => e.type === 'followup').map((e) => ({ at: e.at, by: e.actor.name, text: e.text })),
    audit: await auditHead(db),
    generated_at: iso(nowMs),
  };
  // The contract is the schema: a document that does not fit it is a bug here, not a file to hand out.
  return incidentDocumentSchema.parse(doc);
}
