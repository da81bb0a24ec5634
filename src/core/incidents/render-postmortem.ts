/** The postmortem as Markdown: what a person reads and edits for the retrospective. */
import { formatDuration } from '../duration.js';
import type { IncidentDocument } from './postmortem-schema.js';

const dur = (s: number | null): string => (s === null ? '—' : formatDuration(s * 1000));
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const when = (t: string | null): string => (t ? t.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');

export function postmortemMarkdown(doc: IncidentDocument): string {
  const out: string[] = [];
  out.push(`# ${doc.ref}: ${doc.title}`, '');
  out.push('## Summary', '', doc.summary ?? '_No summary was given when the incident was closed._', '');
  out.push(`- **Severity:** ${doc.severity}`, `- **Status:** ${doc.status}`, `- **Duration:** ${dur(doc.duration_seconds)}`, `- **Channel:** ${doc.channel ?? '—'}`);
  if (doc.runbooks.length) out.push(`- **Runbooks:** ${doc.runbooks.join(', ')}`);
  out.push('', '## Key times', '', '| | time (UTC) | since declared |', '|---|---|---|');
  out.push(`| Declared | ${when(doc.declared_at)} | |`);
  out.push(`| Acknowledged | ${when(doc.acknowledged_at)} | time to acknowledge: ${dur(doc.time_to_acknowledge_seconds)} |`);
  out.push(`| Mitigated | ${when(doc.mitigated_at)} | time to mitigate: ${dur(doc.time_to_mitigate_seconds)} |`);
  out.push(`| Resolved | ${when(doc.resolved_at)} | time to resolve: ${dur(doc.time_to_resolve_seconds)} |`);
  if (doc.cancelled_at) out.push(`| Cancelled | ${when(doc.cancelled_at)} | |`);
  out.push('', '## Roles', '');
  for (const [role, p] of Object.entries(doc.roles)) out.push(`- **${role}:** ${p ? p.name : '—'}`);
  out.push(`- **declared by:** ${doc.declared_by.name}`);
  out.push('', '## Timeline', '', '| time (UTC) | event | who | what |', '|---|---|---|---|');
  for (const e of doc.timeline) out.push(`| ${when(e.at)} | ${e.type} | ${cell(e.actor)} | ${cell(e.text)} |`);
  out.push('', '## Steps that ran', '');
  if (!doc.steps.length) out.push('_No runbook step ran as part of this incident._');
  else {
    out.push('| runbook | step | safety | status | exit | duration | requested by | approved by | output sha256 |', '|---|---|---|---|---|---|---|---|---|');
    for (const s of doc.steps) {
      out.push(`| ${s.runbook ?? '—'} | ${s.step} (${cell(s.section)}) | ${s.safety} | ${s.status} | ${s.exit_code ?? '—'} | ${s.duration_ms === null ? '—' : formatDuration(s.duration_ms)} | ${cell(s.requested_by)} | ${s.approved_by.length ? cell(s.approved_by.join(', ')) : '—'} | \`${s.output_sha256 ?? '—'}\` |`);
    }
  }
  out.push('', '## Follow-ups', '');
  if (!doc.followups.length) out.push('_None recorded. Add them with /incident followup <text>._');
  for (const f of doc.followups) out.push(`- [ ] ${f.text} (${f.by}, ${when(f.at)})`);
  out.push('', '## Audit', '');
  out.push(
    doc.audit.head
      ? `Exported at ${when(doc.generated_at)} with the audit chain at event ${doc.audit.head.seq}, hash \`${doc.audit.head.hash}\`. \`opsbridge audit verify --json\` shows whether the chain still holds this event.`
      : `Exported at ${when(doc.generated_at)}; the audit log was empty.`,
  );
  return out.join('\n') + '\n';
}
