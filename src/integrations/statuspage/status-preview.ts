/**
 * The approval request for a status change shows the update exactly as the public will see it.
 * The public text is in a code block, so chat platforms show it verbatim: no markdown, no
 * mentions, no links made from it.
 */
import type { Message } from '../../core/message.js';
import type { StatusChange } from './status-change.js';
import { COMPONENT_LABEL, IMPACT_COMPONENT_STATUS, INCIDENT_LABEL } from './states.js';

export interface PreviewContext {
  /** component display names by slug/id, for incident "Affects:" lines */
  componentName: (idOrName: string) => string;
  incidentName?: string;
  destinations: string[];
  pageUrl: string;
}

/** the text block as the page shows it */
export function publicText(change: StatusChange, pc: PreviewContext): string {
  switch (change.type) {
    case 'component':
      return `${pc.componentName(change.component)} — ${COMPONENT_LABEL[change.status]}${change.message ? `\n\n${change.message}` : ''}`;
    case 'incident-open': {
      const affects = change.components.map(pc.componentName);
      const cs = IMPACT_COMPONENT_STATUS[change.impact];
      const head = `${change.name}\n${INCIDENT_LABEL[change.status]} · Impact: ${change.impact}${affects.length ? ` · Affects: ${affects.join(', ')}` : ''}`;
      const marks = cs && affects.length ? `\n(${affects.join(', ')} → ${COMPONENT_LABEL[cs]})` : '';
      return `${head}${marks}\n\n${INCIDENT_LABEL[change.status]} — ${change.body}`;
    }
    case 'incident-update':
      return `${pc.incidentName ?? change.incidentId}\n\n${INCIDENT_LABEL[change.status]} — ${change.body}`;
    case 'incident-resolve':
      return `${pc.incidentName ?? change.incidentId}\n\n${INCIDENT_LABEL.resolved} — ${change.body}`;
  }
}

export function statusPreview(change: StatusChange, pc: PreviewContext): Message {
  return {
    blocks: [
      { type: 'header', text: 'Public status update' },
      { type: 'text', text: 'The public will see exactly this:' },
      { type: 'code', text: publicText(change, pc) },
      { type: 'context', text: `Goes to: ${pc.destinations.join(', ')} · ${pc.pageUrl}` },
    ],
  };
}
