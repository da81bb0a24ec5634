/**
 * Audit event → timeline event. The audit log is the source of truth for who did what; the
 * timeline is its projection onto incidents, so runs, steps, approvals and status-page updates
 * appear here without a second code path. Incident events themselves are audit events with
 * action `incident.<type>` and `data.incident` naming the incident.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../audit/types.js';
import type { Db } from '../../store/schema.js';
import { personOfLabel } from './actor-of.js';
import type { IncidentRepo } from './incident-repo.js';
import type { Person } from './model.js';

export interface MappedEvent {
  incidentId: string;
  type: string;
  at: string;
  actor: Person;
  text: string;
  data: Record<string, unknown>;
  dedupeKey: string | null;
}

export const INCIDENT_ACTION_PREFIX = 'incident.';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const secs = (ms: unknown): string => (typeof ms === 'number' ? `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s` : '?');

export async function mapAuditEvent(ev: AuditEvent, repo: IncidentRepo, db: Db): Promise<MappedEvent | undefined> {
  const data = ev.data as Record<string, unknown>;
  const base = { at: ev.at, actor: personOfLabel(ev.actor), dedupeKey: null as string | null };

  if (ev.action.startsWith(INCIDENT_ACTION_PREFIX)) {
    const incidentId = str(data.incident);
    if (!incidentId) return undefined;
    const actor = data.actor && typeof data.actor === 'object' ? (data.actor as Person) : base.actor;
    const { incident: _i, actor: _a, text, at, dedupe, ...rest } = data;
    return {
      incidentId,
      type: str(data.type) ?? ev.action.slice(INCIDENT_ACTION_PREFIX.length),
      at: str(at) ?? ev.at,
      actor: { id: String(actor.id), name: String(actor.name ?? actor.id) },
      text: str(text) ?? '',
      data: rest,
      dedupeKey: str(dedupe) ?? null,
    };
  }

  if (ev.action === 'run.started') {
    const run = await db.selectFrom('runs').selectAll().where('id', '=', ev.subject).executeTakeFirst();
    if (!run) return undefined;
    const incident = await repo.byChannelAny(run.platform, run.channel_id);
    if (!incident || incident.resolvedAt || incident.cancelledAt) return undefined;
    await repo.linkRun(run.id, incident.id);
    if (run.runbook_id) await repo.addRunbook(incident.id, run.runbook_id);
    const step = data.step ? ` (step ${String(data.step)})` : '';
    return {
      ...base,
      incidentId: incident.id,
      type: 'run_started',
      actor: { id: run.requester_id, name: run.requester_name },
      text: `runbook ${run.runbook_id ?? run.command}${step} started`,
      data: { run: run.id, runbook: run.runbook_id, step: data.step ?? null },
    };
  }

  if (ev.action === 'step.finished') {
    const [runId, n] = ev.subject.split(':');
    const incidentId = runId ? await repo.incidentOfRun(runId) : undefined;
    if (!incidentId) return undefined;
    const step = await db.selectFrom('steps').select(['output', 'n']).where('id', '=', ev.subject).executeTakeFirst();
    const outputSha256 = createHash('sha256').update(step?.output ?? '').digest('hex');
    return {
      ...base,
      incidentId,
      type: 'step_finished',
      text: `step ${n} of ${str(data.runbook) ?? 'the runbook'} (${str(data.safety) ?? '?'}) ${str(data.status) ?? 'finished'} · exit ${data.exitCode ?? '–'} · ${secs(data.durationMs)}`,
      data: { run: runId, runbook: data.runbook ?? null, step: Number(n), safety: data.safety ?? null, status: data.status ?? null, exitCode: data.exitCode ?? null, durationMs: data.durationMs ?? null, outputSha256 },
    };
  }

  if (ev.action.startsWith('approval.')) {
    const outcome = { 'approval.approved': 'approved', 'approval.rejected': 'rejected', 'approval.expired': 'expired' }[ev.action];
    if (ev.action !== 'approval.requested' && ev.action !== 'approval.executed' && !outcome) return undefined;
    const approval = await db.selectFrom('approvals').selectAll().where('id', '=', ev.subject).executeTakeFirst();
    if (!approval) return undefined;
    const incidentId = (approval.run_id ? await repo.incidentOfRun(approval.run_id) : undefined) ?? (await repo.byChannelAny(approval.platform, approval.channel_id))?.id;
    if (!incidentId) return undefined;
    const payload = JSON.parse(approval.payload) as { kind?: string; title?: string };
    const title = payload.title ?? str(data.title) ?? `approval ${approval.id}`;
    if (ev.action === 'approval.requested') {
      return { ...base, incidentId, type: 'approval_requested', text: `approval requested: ${title}`, data: { approval: approval.id, kind: payload.kind ?? null, step: approval.step_n, quorum: approval.quorum } };
    }
    if (ev.action === 'approval.executed') {
      // Only public communication is its own timeline entry; a step's result is step_finished.
      if (payload.kind !== 'status-update') return undefined;
      return { ...base, incidentId, type: 'status_page_update', text: str(data.summary) ?? 'status page updated', data: { approval: approval.id, ok: data.ok ?? null } };
    }
    const who = outcome === 'approved' && Array.isArray(data.approvers) ? (data.approvers as string[]).join(', ') : base.actor.name;
    return {
      ...base,
      incidentId,
      type: 'approval_decided',
      text: outcome === 'expired' ? `${title}: expired without a decision` : `${title}: ${outcome} by ${who}`,
      data: { approval: approval.id, outcome, by: outcome === 'approved' ? (data.approvers ?? []) : [base.actor.name] },
    };
  }
  return undefined;
}
