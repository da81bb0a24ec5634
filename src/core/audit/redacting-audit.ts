/**
 * The audit log keeps what it is given, forever and hash-chained: so every string in an event is
 * redacted before it is appended (a token pasted into a command's arguments must not be kept),
 * its data also as JSON, so `{"password": "..."}` is masked by its key.
 */
import { redactJson } from '../redact/redact-deep.js';
import type { Redactor } from '../redact/types.js';
import type { AuditLog } from './types.js';

export function redactingAuditLog(inner: AuditLog, redactor: Redactor): AuditLog {
  return {
    append: (event) =>
      inner.append({
        actor: redactor.redact(event.actor),
        action: event.action,
        subject: redactor.redact(event.subject),
        ...(event.data ? { data: redactJson(event.data, redactor) } : {}),
      }),
  };
}
