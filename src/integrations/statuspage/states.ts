/** The Statuspage vocabulary: component states, incident states, impact. Shared by every provider. */
import * as z from 'zod';

export const componentStatusSchema = z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
export const incidentStatusSchema = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export const impactSchema = z.enum(['none', 'minor', 'major', 'critical']);

export type ComponentStatus = z.infer<typeof componentStatusSchema>;
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;
export type Impact = z.infer<typeof impactSchema>;

export const COMPONENT_STATUSES = componentStatusSchema.options;
export const INCIDENT_STATUSES = incidentStatusSchema.options;
export const IMPACTS = impactSchema.options;

/** What the public page says for each state. */
export const COMPONENT_LABEL: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

export const INCIDENT_LABEL: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const COMPONENT_ICON: Record<ComponentStatus, string> = {
  operational: '✅',
  degraded_performance: '⚠️',
  partial_outage: '🟠',
  major_outage: '❌',
  under_maintenance: '🔧',
};

/** Opening an incident marks its components by impact, as Statuspage's incident form suggests. */
export const IMPACT_COMPONENT_STATUS: Record<Impact, ComponentStatus | undefined> = {
  none: undefined,
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};

/** Public text limits: long enough for a real update, short enough to read on a phone. */
export const MAX_MESSAGE_CHARS = 1000;
export const MAX_INCIDENT_NAME_CHARS = 200;

/** "Discord bot" → "discord-bot": how components are addressed in chat and by id. */
export function componentSlug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
