/**
 * One interface for every place a status update goes: the Atlassian Statuspage API and the
 * built-in page. The updater (status-updater.ts) stores each update first, then hands it to
 * every enabled provider, and retries the ones that fail.
 */
import type { ComponentStatus, Impact, IncidentStatus } from './states.js';

export interface IncidentInput {
  name: string;
  status: IncidentStatus;
  impact: Impact;
  body: string;
  /** component names (as configured), e.g. ["API", "Webhooks"] */
  components: string[];
  /** status to give those components; defaults from impact (critical → major_outage, ...) */
  componentStatus?: ComponentStatus;
}

/** Results other than openIncident's ref are provider-specific and may be ignored (hence unknown). */
export interface StatusProvider {
  readonly name: string;
  setComponent(component: string, status: ComponentStatus, message?: string): Promise<unknown>;
  /** returns the provider's own reference for the incident, used by later updates */
  openIncident(input: IncidentInput): Promise<{ ref: string }>;
  updateIncident(ref: string, update: { status: IncidentStatus; body: string }): Promise<unknown>;
  /** components (names) are set back to operational */
  resolveIncident(ref: string, body: string, components?: string[]): Promise<unknown>;
}

export type { StatusChange } from './status-change.js';
