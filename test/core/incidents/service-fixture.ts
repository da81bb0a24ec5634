/** An IncidentService on a real store (SQLite or PostgreSQL) with a real, redacting audit log and a manual clock. */
import { createAuditLog } from '../../../src/core/audit/audit-log.js';
import { redactingAuditLog } from '../../../src/core/audit/redacting-audit.js';
import { ManualClock } from '../../../src/core/clock.js';
import { IncidentService } from '../../../src/core/incidents/incident-service.js';
import { createRedactor } from '../../../src/core/redact/redact.js';
import type { Store } from '../../../src/store/types.js';

export const SECRET = 'sk_live_abcdefghijklmnop1234';

export function serviceOn(store: Store, clock = new ManualClock(Date.UTC(2026, 2, 1, 9))): { service: IncidentService; clock: ManualClock } {
  const redactor = createRedactor({ env: { STRIPE_SECRET_KEY: SECRET } });
  const audit = redactingAuditLog(createAuditLog(store.db, clock), redactor);
  return { service: new IncidentService({ store, audit, clock, redactor }), clock };
}

export const alice = { platform: 'console', id: 'alice', name: 'alice' };
export const bob = { platform: 'console', id: 'bob', name: 'bob' };
