/**
 * What /status does, apart from parsing: check the change against the record (known component,
 * open incident), ask for approval with the public preview, and — once approved, exactly once —
 * apply it to every provider and answer with a link to the page.
 */
import type { CommandContext, ExecutorContext, ExecutorResult } from '../../core/commands/define-command.js';
import { OpsError } from '../../core/errors.js';
import type { MessageRef } from '../../core/chat.js';
import type { Message } from '../../core/message.js';
import type { Services } from '../../core/services.js';
import type { ParsedStatusArgs } from './parse-status-args.js';
import { statusChangeSchema, type StatusChange } from './status-change.js';
import { statusPreview, publicText } from './status-preview.js';
import { statusPageUrl, statusRuntime } from './status-runtime.js';
import type { ApplyResult } from './status-updater.js';
import { COMPONENT_ICON, COMPONENT_LABEL, INCIDENT_LABEL, type ComponentStatus, type IncidentStatus } from './states.js';
import { actorLabel } from '../../core/actor-label.js';

export const STATUS_APPROVAL_KIND = 'status-update';

async function incidentId(services: Services, idOrLatest: string): Promise<{ id: string; name: string }> {
  const rt = statusRuntime(services);
  await rt.ready;
  const row = idOrLatest.toLowerCase() === 'latest' ? await rt.store.latestOpenIncident() : await rt.store.getIncident(idOrLatest);
  if (!row || row.status === 'resolved') {
    const open = await rt.store.openIncidents();
    const list = open.map((i) => `${i.id} (${i.name})`).join(', ') || 'none';
    const what = idOrLatest.toLowerCase() === 'latest' ? 'there is no open incident' : row ? `incident ${row.id} is already resolved` : `no incident "${idOrLatest}"`;
    throw new OpsError('STATUS_UNKNOWN_INCIDENT', `${what}; open incidents: ${list}`);
  }
  return { id: row.id, name: row.name };
}

async function componentName(services: Services, name: string): Promise<string> {
  const rt = statusRuntime(services);
  await rt.ready;
  const row = await rt.store.findComponent(name);
  if (!row) {
    const known = (await rt.store.listComponents()).map((c) => c.name);
    throw new OpsError('STATUS_UNKNOWN_COMPONENT', `unknown component "${name}"; known components: ${known.join(', ')}`);
  }
  return row.name;
}

/** parsed arguments → a validated change against the current record */
export async function buildChange(services: Services, parsed: Exclude<ParsedStatusArgs, { kind: 'overview' }>): Promise<{ change: StatusChange; incidentName?: string }> {
  let change: StatusChange;
  let incidentName: string | undefined;
  switch (parsed.kind) {
    case 'component':
      change = { type: 'component', component: await componentName(services, parsed.component), status: parsed.status, ...(parsed.message ? { message: parsed.message } : {}) };
      break;
    case 'incident-open': {
      if (parsed.status === 'resolved') throw new OpsError('STATUS_BAD_ARGS', 'an incident cannot be opened as resolved');
      const components: string[] = [];
      for (const c of parsed.components) components.push(await componentName(services, c));
      change = { type: 'incident-open', name: parsed.name, status: parsed.status, impact: parsed.impact, body: parsed.body, components };
      break;
    }
    case 'incident-update': {
      const inc = await incidentId(services, parsed.incident);
      incidentName = inc.name;
      change = parsed.status === 'resolved' ? { type: 'incident-resolve', incidentId: inc.id, body: parsed.body } : { type: 'incident-update', incidentId: inc.id, status: parsed.status, body: parsed.body };
      break;
    }
    case 'incident-resolve': {
      const inc = await incidentId(services, parsed.incident);
      incidentName = inc.name;
      change = { type: 'incident-resolve', incidentId: inc.id, body: parsed.body };
      break;
    }
  }
  const checked = statusChangeSchema.safeParse(change);
  if (!checked.success) throw new OpsError('STATUS_INVALID', checked.error.issues.map((i) => i.message).join('; '));
  return { change: checked.data, incidentName };
}

function destinations(services: Services): string[] {
  const rt = statusRuntime(services);
  return ['built-in page', ...Object.keys(rt.updater.pendingCount()).map((n) => (n === 'statuspage' ? 'Atlassian Statuspage' : n))];
}

export async function previewFor(services: Services, change: StatusChange, incidentName?: string): Promise<Message> {
  const rt = statusRuntime(services);
  await rt.ready;
  const names = new Map((await rt.store.listComponents()).map((c) => [c.id, c.name]));
  return statusPreview(change, {
    componentName: (c) => names.get(c) ?? names.get(c.toLowerCase()) ?? c,
    incidentName,
    destinations: destinations(services),
    pageUrl: statusPageUrl(services),
  });
}

/** approval-gated unless config.statuspage.requireApproval is false */
export async function submitChange(
  ctx: Pick<CommandContext, 'services' | 'requestApproval' | 'post' | 'invocation'>,
  change: StatusChange,
  opts: { incidentName?: string; thread?: MessageRef } = {},
): Promise<{ approvalId?: string; result?: ApplyResult }> {
  const preview = await previewFor(ctx.services, change, opts.incidentName);
  if (ctx.services.config.statuspage.requireApproval) {
    const { approvalId } = await ctx.requestApproval({ kind: STATUS_APPROVAL_KIND, payload: { change, incidentName: opts.incidentName ?? null }, preview, thread: opts.thread });
    return { approvalId };
  }
  const actor = actorLabel(ctx.invocation.actor);
  const result = await applyChange(ctx.services, change, actor, (text) => ctx.post({ blocks: [{ type: 'text', text }] }, opts.thread));
  await ctx.post(resultMessage(ctx.services, change, result), opts.thread);
  return { result };
}

export async function applyChange(services: Services, change: StatusChange, actor: string, notify: (text: string) => Promise<unknown>): Promise<ApplyResult> {
  const rt = statusRuntime(services);
  await rt.ready;
  return rt.updater.apply(change, { actor, notify });
}

export function resultSummary(change: StatusChange, result: ApplyResult): string {
  const what =
    change.type === 'component'
      ? `${result.componentName ?? change.component} is now ${COMPONENT_LABEL[change.status]}`
      : change.type === 'incident-open'
        ? `incident ${result.incidentId} opened (${INCIDENT_LABEL[change.status]})`
        : change.type === 'incident-update'
          ? `incident ${change.incidentId} is ${INCIDENT_LABEL[change.status]}`
          : `incident ${change.incidentId} resolved`;
  return `Published: ${what}`;
}

export function resultMessage(services: Services, change: StatusChange, result: ApplyResult): Message {
  const lines = [`${resultSummary(change, result)} — ${statusPageUrl(services)}`];
  for (const p of result.pending) lines.push(`⏳ ${p.provider}: pending (${p.error}); it is stored and will be retried — this channel will hear how it ends.`);
  for (const f of result.failed) lines.push(`❌ ${f.provider}: not sent (${f.error}).`);
  return { blocks: [{ type: 'text', text: lines.join('\n') }] };
}

/** the approved update runs here, exactly once (the core guarantees it) */
export async function statusUpdateExecutor(payload: Record<string, unknown>, ctx: ExecutorContext): Promise<ExecutorResult> {
  const parsed = statusChangeSchema.safeParse(payload.change);
  if (!parsed.success) return { ok: false, summary: `stored status change is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}` };
  const change = parsed.data;
  const approvers = (ctx.approvers as { name?: string; id: string }[]).map((a) => a.name ?? a.id).join(', ');
  const actor = `${ctx.requester.name ?? ctx.requester.id} (approved by ${approvers || 'policy'})`;
  try {
    const result = await applyChange(ctx.services, change, actor, (text) => ctx.post({ blocks: [{ type: 'text', text }] }, ctx.thread));
    const pending = result.pending.length ? `; pending on ${result.pending.map((p) => p.provider).join(', ')}` : '';
    const failed = result.failed.length ? `; not sent to ${result.failed.map((p) => p.provider).join(', ')}` : '';
    return { ok: true, summary: `${resultSummary(change, result)}${pending}${failed}`, details: resultMessage(ctx.services, change, result) };
  } catch (err) {
    return { ok: false, summary: `status update not published: ${(err as Error).message}` };
  }
}

/** /status with no arguments: the current state, as the page shows it, with incident ids */
export async function overviewMessage(services: Services): Promise<Message> {
  const rt = statusRuntime(services);
  await rt.ready;
  const components = await rt.store.listComponents();
  const open = await rt.store.openIncidents();
  const comp = components.map((c) => `${COMPONENT_ICON[c.status as ComponentStatus] ?? '•'} ${c.name}: ${COMPONENT_LABEL[c.status as ComponentStatus] ?? c.status}`).join('\n');
  const inc = open.length ? open.map((i) => `• ${i.id} — ${i.name} (${INCIDENT_LABEL[i.status as IncidentStatus] ?? i.status}, impact ${i.impact})`).join('\n') : 'No open incidents.';
  return {
    blocks: [
      { type: 'header', text: 'Public status' },
      { type: 'text', text: comp || 'No components configured.' },
      { type: 'text', text: `Open incidents\n${inc}` },
      { type: 'context', text: `${statusPageUrl(services)} · /status <component> <state> [message] · /status incident open|update|resolve ...` },
    ],
  };
}

export { publicText };
