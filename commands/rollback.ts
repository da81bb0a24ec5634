import * as z from 'zod';
import { defineCommand } from '../src/core/commands/define-command.js';
import { OpsError } from '../src/core/errors.js';
import { validateParams } from '../src/core/runbook/params.js';

/**
 * /rollback <version>: runs the rollback runbook with VERSION set. The checks that protect it
 * (VERSION's pattern and its `known:` command, the one-per-environment lock) belong to the
 * runbook and are applied by the run engine, so `/incident rollback VERSION:...` gets them too.
 */
export default defineCommand({
  name: 'rollback',
  description: 'Roll back to a known version: shows the plan, gated, then verifies and checks health',
  usage: '<version>   e.g. /rollback v1.2.3',
  positional: ['version'],
  options: z.object({ version: z.string({ error: 'which version? e.g. /rollback v1.2.3' }).min(1).max(128) }).strict(),
  async handler(ctx) {
    const { config, runbooks } = ctx.services;
    const version = (ctx.options as { version: string }).version;
    const runbook = runbooks.get(config.rollback.runbook);
    if (!runbook) throw new OpsError('RUNBOOK_NOT_FOUND', `no rollback runbook "${config.rollback.runbook}" is loaded (config rollback.runbook)`);
    const params = validateParams(runbook.params, { VERSION: version });
    await ctx.runs.start(runbook, { params, note: `rollback of ${config.environment} to ${version}`, healthAfter: true });
  },
});
