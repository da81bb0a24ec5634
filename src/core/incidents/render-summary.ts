/**
 * The incident summary message: pinned at the top of the incident channel and edited in place
 * (the poster paces edits) whenever severity, status, roles or the last update change.
 */
import { formatDuration } from '../duration.js';
import type { Message } from '../message.js';
import { ROLES, type Incident, type TimelineEvent } from './model.js';

export const CLAIM_PREFIX = 'incident-claim-';

const STATUS_ICON: Record<string, string> = { investigating: '🔴', identified: '🟠', monitoring: '🟡', resolved: '✅', cancelled: '⚪' };

export function renderSummary(incident: Incident, last: TimelineEvent | undefined, nowMs: number): Message {
  const end = incident.resolvedAt ?? incident.cancelledAt;
  const elapsed = formatDuration((end ? Date.parse(end) : nowMs) - Date.parse(incident.declaredAt));
  const open = !end;
  const roles = ROLES.map((r) => ({ label: r[0]!.toUpperCase() + r.slice(1), value: incident.roles[r]?.name ?? '— (unclaimed)' }));
  const blocks: Message['blocks'] = [
    { type: 'header', text: `${STATUS_ICON[incident.status] ?? ''} ${incident.ref} · ${incident.title}`.trim() },
    {
      type: 'fields',
      fields: [
        { label: 'Severity', value: incident.severity },
        { label: 'Status', value: incident.status },
        ...roles,
        { label: open ? 'Open for' : 'Lasted', value: elapsed },
        { label: 'Declared', value: `${incident.declaredAt.slice(0, 16).replace('T', ' ')} UTC by ${incident.declaredBy.name}` },
      ],
    },
  ];
  if (last) blocks.push({ type: 'context', text: `Last update ${last.at.slice(11, 16)} UTC · ${last.actor.name}: ${last.text.slice(0, 300)}` });
  if (open) {
    const unclaimed = ROLES.filter((r) => !incident.roles[r]);
    if (unclaimed.length) blocks.push({ type: 'buttons', buttons: unclaimed.map((r) => ({ id: `${CLAIM_PREFIX}${r}`, label: `Claim ${r}` })) });
    blocks.push({ type: 'context', text: 'Commands here: /incident status <investigating|identified|monitoring> [message] · sev <0-4> · note <text> · role <commander|scribe|comms> @user · followup <text> · timeline · resolve [summary]' });
  } else if (incident.summary) {
    blocks.push({ type: 'text', text: `${incident.status === 'resolved' ? 'Resolution' : 'Reason'}: ${incident.summary}` });
  }
  return { blocks };
}

/** Channel topic: what a person sees in the header of the incident channel. */
export function incidentTopic(incident: Incident): string {
  const lead = incident.roles.commander ? ` · IC ${incident.roles.commander.name}` : '';
  return `${incident.ref} · ${incident.severity} · ${incident.status}${lead} · ${incident.title}`.slice(0, 250);
}

/** Which timeline types count as "the last update" on the summary. */
export const UPDATE_TYPES = new Set(['declared', 'status_changed', 'severity_changed', 'role_assigned', 'note', 'status_page_update', 'resolved', 'cancelled', 'alert_firing', 'alert_resolved']);
