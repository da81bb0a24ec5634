/**
 * An incident's status change proposes the matching status-page update (same vocabulary): the
 * first one opens a status-page incident named after it, later ones update it, resolving
 * resolves it. Always a proposal: shown as the public will see it and approval-gated like any
 * /status update, in the incident's channel.
 */
import type { Actor, ChannelRef, MessageRef } from '../../core/chat.js';
import type { ApprovalRequest } from '../../core/commands/define-command.js';
import type { Incident, TimelineEvent } from '../../core/incidents/model.js';
import type { Services } from '../../core/services.js';
import { STATUS_APPROVAL_KIND, previewFor } from './status-actions.js';
import type { StatusChange } from './status-change.js';
import { MAX_INCIDENT_NAME_CHARS, type Impact } from './states.js';
import { statusRuntime } from './status-runtime.js';

const IMPACT: Record<string, Impact> = { SEV0: 'critical', SEV1: 'major', SEV2: 'minor', SEV3: 'minor', SEV4: 'none' };
const BODY: Record<string, string> = {
  investigating: 'We are investigating reports of a problem and will post an update soon.',
  identified: 'We have identified the cause and are working on a fix.',
  monitoring: 'A fix has been applied and we are monitoring the results.',
  resolved: 'This incident has been resolved.',
};

export interface ProposeTarget {
  channel: ChannelRef;
  thread?: string;
  requester: Actor;
}

export async function proposeIncidentStatusUpdate(
  services: Services,
  requestApproval: (req: ApprovalRequest, origin: { actor: Actor; channel: ChannelRef; thread?: MessageRef }) => Promise<{ approvalId: string }>,
  incident: Incident,
  event: TimelineEvent,
  target: ProposeTarget,
): Promise<string | undefined> {
  const to = event.type === 'resolved' ? 'resolved' : typeof event.data.to === 'string' ? event.data.to : undefined;
  if (!to || !(to in BODY)) return undefined;
  const said = typeof event.data.message === 'string' ? event.data.message : typeof event.data.summary === 'string' ? event.data.summary : null;
  const rt = statusRuntime(services);
  await rt.ready;
  const name = incident.title.slice(0, MAX_INCIDENT_NAME_CHARS);
  const existing = (await rt.store.openIncidents()).find((i) => i.name === name);
  let change: StatusChange;
  if (to === 'resolved') {
    if (!existing) return undefined; // nothing public to resolve
    change = { type: 'incident-resolve', incidentId: existing.id, body: said ?? BODY.resolved! };
  } else if (!existing) {
    change = { type: 'incident-open', name, status: to as 'investigating' | 'identified' | 'monitoring', impact: IMPACT[incident.severity] ?? 'minor', body: said ?? BODY[to]!, components: [] };
  } else {
    if (existing.status === to) return undefined;
    change = { type: 'incident-update', incidentId: existing.id, status: to as 'investigating' | 'identified' | 'monitoring', body: said ?? BODY[to]! };
  }
  const preview = await previewFor(services, change, name);
  preview.blocks[0] = { type: 'header', text: `${incident.ref} is now ${to} — post this on the status page?` };
  const thread = target.thread ? { channel: target.channel, id: target.thread } : undefined;
  const { approvalId } = await requestApproval({ kind: STATUS_APPROVAL_KIND, payload: { change, incidentName: name }, preview, ...(thread ? { thread } : {}) }, { actor: target.requester, channel: target.channel, ...(thread ? { thread } : {}) });
  return approvalId;
}
