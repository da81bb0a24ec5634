/**
 * The audit log keeps what it is given, forever and hash-chained: so every string in an event is
 * redacted before it is appended (a token pasted into a command's arguments must not be kept).
 */
import type { Redactor } from '../redact/types.js';
import type { AuditLog } from './types.js';

function redactDeep(value: unknown, r: Redactor): unknown {
  if (typeof value === 'string') return r.redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, r));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, r)]));
  return value;
}

export function redactingAuditLog(inner: AuditLog, redactor: Redactor): AuditLog {
  return {
    append: (event) =>
      inner.append({
        actor: redactor.redact(event.actor),
        action: event.action,
        subject: redactor.redact(event.subject),
        ...(event.data ? { data: redactDeep(event.data, redactor) as Record<string, unknown> } : {}),
      }),
  };
}
