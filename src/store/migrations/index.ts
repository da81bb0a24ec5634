/**
 * The one migration set for both dialects, bundled statically (no directory scanning, so it
 * works the same under tsx, in tests and from any working directory). Kysely runs them in
 * name order; never rename or edit a shipped migration, add a new one.
 */
import type { Migration, MigrationProvider } from 'kysely';

import { migration001Core } from './001-core.js';
import { migration002Stripe } from './002-stripe.js';
import { migration003Status } from './003-status.js';
import { migration004ApprovalsIdentity } from './004-approvals-identity.js';
import { migration005Incidents } from './005-incidents.js';
import { migration006Alerts } from './006-alerts.js';
import { migration007AlertRuns } from './007-alert-runs.js';

export const MIGRATIONS: Record<string, Migration> = {
  '001-core': migration001Core,
  '002-stripe': migration002Stripe,
  '003-status': migration003Status,
  '004-approvals-identity': migration004ApprovalsIdentity,
  '005-incidents': migration005Incidents,
  '006-alerts': migration006Alerts,
  '007-alert-runs': migration007AlertRuns,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
