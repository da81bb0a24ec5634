/**
 * One schema for SQLite and PostgreSQL. Portable column choices: ids are app-generated text,
 * timestamps ISO-8601 text, booleans 0/1 integers, JSON as text.
 */
import type { Kysely } from 'kysely';

export interface RunsTable {
  id: string;
  command: string;
  runbook_id: string | null;
  platform: string;
  channel_id: string;
  /** root message id of the run's thread */
  thread_id: string | null;
  requester_id: string;
  requester_name: string;
  args: string;
  status: string; // running | done | failed
  created_at: string;
  updated_at: string;
  /** replica id of the process driving the run (null for runs from before migration 004) */
  owner: string | null;
  /** content hash of the runbook file the run started with */
  runbook_sha256: string | null;
  /** JSON of the Runbook model the run started with: a run never switches runbook mid-way */
  snapshot: string | null;
}

export interface StepsTable {
  id: string; // `${run_id}:${n}`
  run_id: string;
  n: number; // 1-based step number within the runbook
  line: number;
  section: string;
  safety: string;
  status: string; // StepStatus
  exit_code: number | null;
  signal: string | null;
  duration_ms: number | null;
  output: string | null; // redacted
  truncated: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  step_id: string;
  step_n: number;
  platform: string;
  channel_id: string;
  /** the approval request message, so reactions can be matched to it */
  message_id: string | null;
  thread_id: string | null;
  requester_id: string;
  quorum: number;
  allow_self: number;
  /** JSON: what the step needs to run later (runbook id, params, script hash) */
  payload: string;
  state: string; // ApprovalState
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  /** who holds execution (replica id) once state is executing */
  executor: string | null;
  /** JSON ApproverPolicy snapshot taken when the request was made (null before migration 004) */
  policy: string | null;
}

export interface VotesTable {
  approval_id: string;
  voter_id: string;
  voter_name: string;
  vote: string; // approve | reject
  created_at: string;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: string; // canonical JSON
  prev_hash: string;
  hash: string;
}

export interface LocksTable {
  name: string;
  owner: string;
  acquired_at: string;
  expires_at: string;
}

export interface StripeReplaysTable {
  destination: string;
  event_id: string;
  event_type: string;
  event_created: number;
  status: string; // delivered | failed
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

export interface StatusComponentsTable {
  id: string;
  name: string;
  status: string;
  position: number;
  updated_at: string;
}

export interface StatusIncidentsTable {
  id: string;
  name: string;
  status: string; // investigating | identified | monitoring | resolved
  impact: string; // none | minor | major | critical
  components: string; // JSON array of component ids
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface StatusUpdatesTable {
  id: string;
  incident_id: string | null;
  component_id: string | null;
  status: string;
  body: string;
  created_at: string;
  /** provider sync state: JSON { statuspage: 'pending'|'synced'|'failed', ... } */
  sync: string;
}

export interface AlertNotificationsTable {
  id: string;
  source: string;
  received_at: string;
  body: string; // JSON AlertNotification
  state: string; // pending | processing | done | failed
  claimed_by: string | null;
  attempts: number;
  error: string | null;
  processed_at: string | null;
}

export interface AlertGroupsTable {
  id: string;
  source: string;
  group_key: string;
  runbook_id: string | null;
  state: string; // declaring | open | held | closed
  incident_id: string | null;
  severity: string;
  title: string;
  notification_id: string;
  storm_id: string | null;
  created_at: string;
  declared_at: string | null;
  updated_at: string;
}

/** The run an alert's incident owes, until it has started (migration 007). */
export interface AlertRunsTable {
  incident_id: string;
  group_id: string;
  runbook_id: string;
  platform: string;
  channel_id: string;
  thread_id: string | null;
  state: string; // starting | started | failed | skipped
  claimed_by: string;
  claimed_at: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AlertInstancesTable {
  id: string;
  source: string;
  fingerprint: string;
  starts_at: string;
  status: string; // firing | resolved
  group_id: string;
  labels: string; // JSON
  updated_at: string;
}

export interface AlertStormsTable {
  id: string;
  platform: string;
  channel_id: string;
  message_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface DeliveriesTable {
  id: string;
  kind: string; // pagerduty | webhook
  target: string;
  incident_id: string | null;
  body: string;
  state: string; // pending | delivered | failed
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface IncidentCountersTable {
  name: string;
  value: number;
}

export interface IncidentsTable {
  id: string;
  n: number;
  ref: string; // INC-<n>
  title: string; // redacted, mentions neutralised
  severity: string; // SEV0..SEV4
  status: string; // investigating | identified | monitoring | resolved | cancelled
  source: string; // chat | alert | cli
  platform: string;
  origin_channel_id: string;
  channel_id: string | null;
  channel_name: string | null;
  /** set when the incident lives in a thread (fallback when a channel could not be created) */
  thread_id: string | null;
  summary_message_id: string | null;
  declared_by_id: string;
  declared_by_name: string;
  roles: string; // JSON
  runbooks: string; // JSON array
  summary: string | null;
  declared_at: string;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
}

export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  audit_seq: number | null;
  at: string;
  type: string;
  actor_id: string;
  actor_name: string;
  text: string;
  data: string; // JSON
  dedupe_key: string | null;
}

export interface IncidentRunsTable {
  run_id: string;
  incident_id: string;
}

export interface IncidentRemindersTable {
  incident_id: string;
  due_at: string;
  sent: number;
}

export interface IncidentProjectionTable {
  name: string;
  seq: number;
}

export interface CountersTable {
  name: string;
  value: number;
}

export interface Database {
  runs: RunsTable;
  steps: StepsTable;
  approvals: ApprovalsTable;
  votes: VotesTable;
  audit_events: AuditEventsTable;
  locks: LocksTable;
  stripe_replays: StripeReplaysTable;
  status_components: StatusComponentsTable;
  status_incidents: StatusIncidentsTable;
  status_updates: StatusUpdatesTable;
  counters: CountersTable;
  alert_notifications: AlertNotificationsTable;
  alert_groups: AlertGroupsTable;
  alert_instances: AlertInstancesTable;
  alert_runs: AlertRunsTable;
  alert_storms: AlertStormsTable;
  deliveries: DeliveriesTable;
  incident_counters: IncidentCountersTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_runs: IncidentRunsTable;
  incident_reminders: IncidentRemindersTable;
  incident_projection: IncidentProjectionTable;
}

export type Db = Kysely<Database>;
