/**
 * PagerDuty Events API v2 event bodies for an incident. The dedup_key is the incident's uuid, so
 * trigger, acknowledge and resolve all land on the same PagerDuty incident, and a retried
 * trigger never opens a second one. The routing key is added at send time, never stored.
 */
export type PdAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PdIncident {
  id: string;
  ref: string;
  title: string;
  severity: string;
  status: string;
  /** a link to the incident channel, if the platform has one */
  channelUrl?: string;
  channelName?: string;
  runbooks?: string[];
}

const PD_SEVERITY: Record<string, 'critical' | 'error' | 'warning' | 'info'> = { SEV0: 'critical', SEV1: 'critical', SEV2: 'error', SEV3: 'warning', SEV4: 'info' };

export interface PdEvent {
  event_action: PdAction;
  dedup_key: string;
  payload?: { summary: string; source: string; severity: string; timestamp: string; component?: string; group?: string; class?: string; custom_details?: Record<string, unknown> };
  links?: { href: string; text: string }[];
}

export function pdEvent(action: PdAction, incident: PdIncident, at: string, reason?: string): PdEvent {
  if (action !== 'trigger') return { event_action: action, dedup_key: incident.id };
  return {
    event_action: 'trigger',
    dedup_key: incident.id,
    payload: {
      // PagerDuty caps the summary at 1024 characters.
      summary: `${incident.ref} ${incident.severity}: ${incident.title}`.slice(0, 1024),
      source: 'opsbridge',
      severity: PD_SEVERITY[incident.severity] ?? 'error',
      timestamp: at,
      class: 'incident',
      ...(incident.runbooks?.length ? { component: incident.runbooks[0] } : {}),
      custom_details: { ref: incident.ref, status: incident.status, ...(incident.channelName ? { channel: incident.channelName } : {}), ...(reason ? { reason } : {}) },
    },
    ...(incident.channelUrl ? { links: [{ href: incident.channelUrl, text: `${incident.ref} incident channel` }] } : {}),
  };
}
