/**
 * After a rollback or a runbook's recovery finishes, offer the public a "monitoring" update:
 * prefilled, shown as the public will see it, and still approval-gated like any /status update.
 */
import type { CommandContext } from '../../core/commands/define-command.js';
import type { MessageRef } from '../../core/chat.js';
import { STATUS_APPROVAL_KIND, previewFor } from './status-actions.js';
import type { StatusChange } from './status-change.js';
import { statusRuntime } from './status-runtime.js';

export interface ProposeMonitoringOptions {
  /** what was done, for the prefilled text: "a rollback to v1.2.3" */
  action: string;
  /** target incident; default: the most recent open one */
  incidentId?: string;
  thread?: MessageRef;
}

/**
 * Returns the approval id, or undefined when there is no open incident to update (a component
 * change alone does not need a "monitoring" update).
 */
export async function proposeMonitoringUpdate(
  ctx: Pick<CommandContext, 'services' | 'requestApproval'>,
  opts: ProposeMonitoringOptions,
): Promise<{ approvalId: string; incidentId: string } | undefined> {
  const rt = statusRuntime(ctx.services);
  await rt.ready;
  const incident = opts.incidentId ? await rt.store.getIncident(opts.incidentId) : await rt.store.latestOpenIncident();
  if (!incident || incident.status === 'resolved' || incident.status === 'monitoring') return undefined;
  const change: StatusChange = {
    type: 'incident-update',
    incidentId: incident.id,
    status: 'monitoring',
    body: `We have applied a fix (${opts.action.slice(0, 200)}) and are monitoring the results.`,
  };
  const preview = await previewFor(ctx.services, change, incident.name);
  preview.blocks[0] = { type: 'header', text: 'Recovery finished: post a "monitoring" status update?' };
  const { approvalId } = await ctx.requestApproval({ kind: STATUS_APPROVAL_KIND, payload: { change, incidentName: incident.name }, preview, thread: opts.thread });
  return { approvalId, incidentId: incident.id };
}
