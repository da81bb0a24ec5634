/**
 * `opsbridge incident list [--open] [--json]`, `incident show <ref> [--json]`,
 * `incident export <ref> [--format md|json]`: read the store in OPSBRIDGE_DATA_DIR / DATABASE_URL
 * (never create one). The JSON is the incident document (core/incidents/postmortem-schema.ts).
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config/read-config.js';
import { createAuditLog } from '../core/audit/audit-log.js';
import { systemClock } from '../core/clock.js';
import { isOpsError } from '../core/errors.js';
import { incidentDocument } from '../core/incidents/incident-document.js';
import { IncidentService } from '../core/incidents/incident-service.js';
import { postmortemMarkdown } from '../core/incidents/render-postmortem.js';
import { createRedactor } from '../core/redact/redact.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';

export const USAGE = [
  'usage: opsbridge incident list [--open] [--json] [--config FILE]',
  '       opsbridge incident show <INC-n|id> [--json] [--config FILE]',
  '       opsbridge incident export <INC-n|id> [--format md|json] [--config FILE]',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list' && sub !== 'show' && sub !== 'export') {
    process.stderr.write(`${sub ? `opsbridge incident: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: { open: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, format: { type: 'string' }, config: { type: 'string' } },
    allowPositionals: true,
  });
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'json') return usageError(`--format must be md or json, not "${format}"`);
  if (sub === 'list' ? positionals.length > 0 : positionals.length !== 1) return usageError(sub === 'list' ? `unexpected argument "${positionals[0]}"` : `name one incident, e.g. opsbridge incident ${sub} INC-1`);

  const config = await readConfig(process.env, values.config);
  let store: Store;
  try {
    store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), mustExist: true });
  } catch (err) {
    if (isOpsError(err, 'STORE_MISSING')) {
      process.stderr.write(`opsbridge incident: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    const redactor = createRedactor({ env: process.env, extraValues: config.redact.values, extraEnvNames: config.redact.envNames });
    // Reading only; the audit log is there because the service needs one (catching the timeline up writes no audit event).
    const service = new IncidentService({ store, audit: createAuditLog(store.db, systemClock), clock: systemClock, redactor });
    const out = (text: string) => process.stdout.write(redactor.redact(text));
    if (sub === 'list') {
      const incidents = await service.list({ open: values.open });
      if (values.json) {
        out(`${JSON.stringify({ incidents: incidents.map((i) => ({ ref: i.ref, id: i.id, title: i.title, severity: i.severity, status: i.status, channel: i.channel ? (i.channel.name ?? i.channel.id) : null, commander: i.roles.commander, declared_at: i.declaredAt, resolved_at: i.resolvedAt })) })}\n`);
      } else if (!incidents.length) {
        out(values.open ? 'no open incidents\n' : 'no incidents\n');
      } else {
        for (const i of incidents) out(`${i.ref.padEnd(7)} ${i.severity} ${i.status.padEnd(13)} ${i.declaredAt}  ${i.title}\n`);
      }
      return 0;
    }
    const incident = await service.repo.find(positionals[0]!);
    if (!incident) {
      process.stderr.write(`opsbridge incident: there is no incident "${positionals[0]!.slice(0, 60)}" in ${store.location} (opsbridge incident list shows them)\n`);
      return 1;
    }
    const doc = await incidentDocument(service, incident, systemClock.now());
    if (sub === 'show' && values.json) out(`${JSON.stringify(doc)}\n`);
    else if (sub === 'export' && format === 'json') out(`${JSON.stringify(doc, null, 2)}\n`);
    else out(postmortemMarkdown(doc));
    return 0;
  } finally {
    await store.close();
  }
}

function usageError(problem: string): number {
  process.stderr.write(`opsbridge incident: ${problem}\n${USAGE}\n`);
  return 2;
}
