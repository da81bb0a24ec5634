/**
 * The incident object: severities, the status machine (Statuspage's vocabulary, so a status
 * change maps one-to-one onto a status-page update), roles and timeline event types.
 */
import { OpsError } from '../errors.js';

export const SEVERITIES = ['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const OPEN_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
export const STATUSES = [...OPEN_STATUSES, 'resolved', 'cancelled'] as const;
export type IncidentStatus = (typeof STATUSES)[number];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export const ROLES = ['commander', 'scribe', 'comms'] as const;
export type Role = (typeof ROLES)[number];

export interface Person {
  id: string;
  name: string;
}

export type Roles = Record<Role, Person | null>;

/**
 * Built-in timeline types. The set is open: integrations add their own (`alert_firing`,
 * `alert_resolved`, `page_sent`) as long as they match TIMELINE_TYPE_PATTERN.
 */
export const TIMELINE_TYPES = [
  'declared',
  'severity_changed',
  'status_changed',
  'role_assigned',
  'note',
  'pinned',
  'run_started',
  'step_finished',
  'approval_requested',
  'approval_decided',
  'status_page_update',
  'reminder',
  'followup',
  'resolved',
  'cancelled',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number] | (string & {});
export const TIMELINE_TYPE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

export interface Incident {
  id: string;
  ref: string;
  n: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  source: string;
  platform: string;
  originChannelId: string;
  channel: { id: string; name: string | null; thread: string | null } | null;
  summaryMessageId: string | null;
  declaredBy: Person;
  roles: Roles;
  runbooks: string[];
  summary: string | null;
  declaredAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  cancelledAt: string | null;
  updatedAt: string;
}

export interface TimelineEvent {
  id: string;
  incidentId: string;
  at: string;
  type: TimelineType;
  actor: Person;
  text: string;
  data: Record<string, unknown>;
  auditSeq: number | null;
}

export const isOpen = (status: IncidentStatus): status is OpenStatus => (OPEN_STATUSES as readonly string[]).includes(status);

/** `2`, `sev2`, `SEV-2`, `sev 2`, `P2` all mean SEV2. Anything else is a clear error. */
export function parseSeverity(input: string | number): Severity {
  const text = String(input).trim();
  const m = /^(?:sev|p)?[\s_-]?(\d+)$/i.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 4) {
    throw new OpsError('BAD_SEVERITY', `"${text.slice(0, 20)}" is not a severity: use 0 to 4 (SEV0 is the worst, SEV4 the mildest), e.g. sev:2`);
  }
  return `SEV${n}` as Severity;
}

export function parseStatus(input: string): IncidentStatus {
  const text = input.trim().toLowerCase();
  const found = (STATUSES as readonly string[]).find((s) => s === text);
  if (!found) throw new OpsError('BAD_STATUS', `"${input.slice(0, 20)}" is not a status: use ${OPEN_STATUSES.join(', ')} or resolved`);
  return found as IncidentStatus;
}

export function parseRole(input: string): Role {
  const text = input.trim().toLowerCase();
  const alias: Record<string, Role> = { lead: 'commander', ic: 'commander', incident_commander: 'commander', communications: 'comms' };
  const role = (ROLES as readonly string[]).includes(text) ? (text as Role) : alias[text];
  if (!role) throw new OpsError('BAD_ROLE', `"${input.slice(0, 20)}" is not a role: use commander, scribe or comms`);
  return role;
}

/** Which status changes are allowed. Terminal statuses are final: a new problem is a new incident. */
export function checkTransition(ref: string, from: IncidentStatus, to: IncidentStatus): void {
  if (!isOpen(from)) {
    throw new OpsError('INCIDENT_CLOSED', `${ref} is already ${from}; nothing was changed. Declare a new incident if the problem is back.`);
  }
  if (from === to) throw new OpsError('STATUS_UNCHANGED', `${ref} is already ${from}.`);
}

export const emptyRoles = (): Roles => ({ commander: null, scribe: null, comms: null });
