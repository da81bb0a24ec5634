/**
 * `/incident <runbook>`: inside an incident channel the run is part of that incident (the
 * timeline picks it up from the audit log). Anywhere else it declares an incident titled from the
 * runbook, opens its channel, links back here, and runs the runbook there. A targeted step
 * (`step:N`, "continue from here") runs where it is typed.
 */
import type { CommandContext } from '../../commands/define-command.js';
import type { Runbook } from '../../runbook/model.js';
import { parseSeverity, type Severity } from '../model.js';

export async function runForIncident(ctx: CommandContext, runbook: Runbook, opts: { step?: number; params: Record<string, string> }): Promise<void> {
  const desk = ctx.services.incidentDesk;
  const inv = ctx.invocation;
  const here = desk ? await desk.inChannel(inv.channel, inv.thread) : undefined;
  if (!desk || opts.step !== undefined || here) {
    // Typed in an incident that is a thread (Discord): the run goes in that thread.
    const inThread = here && inv.thread && here.channel?.thread === inv.thread ? await desk?.runChannel(inv.channel, inv.thread) : undefined;
    if (inThread) await desk!.startRun({ ...inv, channel: inThread }, runbook, opts);
    else await ctx.runs.start(runbook, opts);
    return;
  }
  const { channel, thread } = await desk.declare({
    title: runbook.title || runbook.id,
    severity: severityOf(runbook) ?? ctx.services.config.incidents.defaultSeverity,
    actor: { platform: inv.actor.platform, id: inv.actor.id, name: inv.actor.name },
    origin: inv.channel,
    source: 'chat',
    runbook: runbook.id,
  });
  // An incident that is a thread: the run goes in it where threads are channels (Discord); on
  // Slack a thread fallback lives in the origin channel, and the run's own thread goes there too.
  const inThread = await desk.runChannel(channel, thread);
  if (inThread) await desk.startRun({ ...inv, channel: inThread }, runbook, opts);
  else if (thread || channel.id === inv.channel.id) await ctx.runs.start(runbook, opts);
  else await desk.startRun({ ...inv, channel }, runbook, opts);
}

function severityOf(runbook: Runbook): Severity | undefined {
  if (!runbook.severity) return undefined;
  try {
    return parseSeverity(runbook.severity);
  } catch {
    return undefined; // a front-matter severity we cannot read: the configured default (lint reports it)
  }
}
