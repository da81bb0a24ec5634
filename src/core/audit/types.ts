export interface AuditEventInput {
  /** who: 'slack:U123 (alice)', 'cli:root', 'system' */
  actor: string;
  /** what, dotted: 'command.invoked', 'approval.vote', 'step.executed', 'rollback.refused' */
  action: string;
  /** what it was about: a run id, approval id, runbook id */
  subject: string;
  data?: Record<string, unknown>;
}

export interface AuditEvent extends Required<AuditEventInput> {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditLog {
  append(event: AuditEventInput): Promise<AuditEvent>;
}
