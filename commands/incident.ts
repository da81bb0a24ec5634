import * as z from 'zod';
import { defineCommand } from '../src/core/commands/define-command.js';
import { OpsError } from '../src/core/errors.js';
import { findRunbook } from '../src/core/runbook/find-runbook.js';
import { parseArgs } from '../src/core/commands/parse-args.js';
import { incidentInteractions } from '../src/core/incidents/commands/interactions.js';
import { routeIncidentSubcommand, SUBCOMMAND_USAGE, subcommandHint } from '../src/core/incidents/commands/route-subcommand.js';
import { runForIncident } from '../src/core/incidents/commands/run-for-incident.js';
import { zodProblems } from '../src/core/incidents/commands/zod-problems.js';

const options = z
  .object({
    topic: z.string({ error: 'name a runbook, e.g. /incident db (see /runbooks)' }).min(1).max(64),
    step: z.coerce.number().int().positive().max(1000).optional(),
    /** continue the latest stopped or failed run from this step to the end */
    from: z.coerce.number().int().positive().max(1000).optional(),
    // For platforms whose options are declared up front (Discord): "VERSION:v1.2.3 REGION:eu".
    params: z.string().max(1000).optional(),
  })
  .catchall(z.string().max(256));

export default defineCommand({
  name: 'incident',
  description: 'Declare and run incidents: a runbook, or declare/status/sev/lead/note/resolve/timeline/...',
  usage: '<topic> [step:N | from:N] [PARAM:value ...] | declare <title> [sev:N] | status <status> [message] | sev <0-4> | lead @user | note <text> | resolve [summary] | timeline | postmortem',
  positional: ['topic'],
  options,
  // Subcommands take free text (notes with quotes and colons): the handler splits the arguments.
  rawArgs: true,
  interactions: incidentInteractions,
  async handler(ctx) {
    if (await routeIncidentSubcommand(ctx)) return;
    const parsed = options.safeParse(parseArgs(ctx.invocation.args, { positional: ['topic'] }));
    if (!parsed.success) throw new OpsError('BAD_ARGS', `${zodProblems(parsed.error)}\nUsage: /incident <topic> [step:N | from:N] [PARAM:value ...], or:\n${SUBCOMMAND_USAGE}`);
    const { topic, step, from, params: packed, ...named } = parsed.data as { topic: string; step?: number; from?: number; params?: string } & Record<string, string>;
    const rest = { ...named, ...(packed ? parseArgs(packed, {}) : {}) };
    const found = findRunbook(ctx.services.runbooks.all(), topic);
    if (!('runbook' in found)) {
      const sub = subcommandHint(topic);
      const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.map((s) => `"${s}"`).join(' or ')}?` : sub ? ` ${sub}` : ' See /runbooks, or /incident declare <title> to declare an incident without one.';
      throw new OpsError('RUNBOOK_NOT_FOUND', `No runbook "${topic.slice(0, 64)}".${hint}`);
    }
    const runbook = found.runbook;
    if (from !== undefined) {
      if (step !== undefined) throw new OpsError('BAD_ARGS', 'Use step:N to run one step on its own, or from:N to continue the last run from step N, not both.');
      if (!ctx.runs.resume) throw new OpsError('BAD_ARGS', 'This bot cannot continue runs; start a new one with /incident ' + runbook.id);
      await ctx.runs.resume(runbook, from);
      return;
    }
    // Named options become runbook params (declared names only; validated before anything runs).
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) {
      const name = Object.keys(runbook.params).find((p) => p.toLowerCase() === key.toLowerCase());
      if (!name) throw new OpsError('BAD_PARAM', `runbook "${runbook.id}" has no parameter "${key}"${Object.keys(runbook.params).length ? ` (it takes ${Object.keys(runbook.params).join(', ')})` : ''}`);
      params[name] = value;
    }
    await runForIncident(ctx, runbook, { step, params });
  },
});
