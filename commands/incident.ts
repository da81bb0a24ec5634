import { z } from 'zod';
import { defineCommand } from '../src/core/commands/define-command.js';
import { OpsError } from '../src/core/errors.js';
import { findRunbook } from '../src/core/runbook/find-runbook.js';
import { parseArgs } from '../src/core/commands/parse-args.js';

export default defineCommand({
  name: 'incident',
  description: 'Open a runbook here: post its steps, run safe diagnostics, gate recovery',
  usage: '<topic> [step:N] [PARAM:value ...] (or params:"PARAM:value ...")',
  positional: ['topic'],
  options: z
    .object({
      topic: z.string({ error: 'name a runbook, e.g. /incident db (see /runbooks)' }).min(1).max(64),
      step: z.coerce.number().int().positive().max(1000).optional(),
      // For platforms whose options are declared up front (Discord): "VERSION:v1.2.3 REGION:eu".
      params: z.string().max(1000).optional(),
    })
    .catchall(z.string().max(256)),
  async handler(ctx) {
    const { topic, step, params: packed, ...named } = ctx.options as { topic: string; step?: number; params?: string } & Record<string, string>;
    const rest = { ...named, ...(packed ? parseArgs(packed, {}) : {}) };
    const found = findRunbook(ctx.services.runbooks.all(), topic);
    if (!('runbook' in found)) {
      const hint = found.suggestions.length ? ` Did you mean ${found.suggestions.map((s) => `"${s}"`).join(' or ')}?` : ' See /runbooks.';
      throw new OpsError('RUNBOOK_NOT_FOUND', `No runbook "${topic.slice(0, 64)}".${hint}`);
    }
    const runbook = found.runbook;
    // Named options become runbook params (declared names only; validated before anything runs).
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(rest)) {
      const name = Object.keys(runbook.params).find((p) => p.toLowerCase() === key.toLowerCase());
      if (!name) throw new OpsError('BAD_PARAM', `runbook "${runbook.id}" has no parameter "${key}"${Object.keys(runbook.params).length ? ` (it takes ${Object.keys(runbook.params).join(', ')})` : ''}`);
      params[name] = value;
    }
    await ctx.runs.start(runbook, { step, params });
  },
});
