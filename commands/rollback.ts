import { z } from 'zod';
import { defineCommand } from '../src/core/commands/define-command.js';
import { OpsError } from '../src/core/errors.js';
import { buildStepEnv } from '../src/core/exec/step-env.js';
import { validateParams } from '../src/core/runbook/params.js';

/**
 * /rollback <version>: the version must match the runbook's VERSION pattern AND be a version the
 * configured command knows (default: git tags). One rollback per environment at a time.
 */
export default defineCommand({
  name: 'rollback',
  description: 'Roll back to a known version: shows the plan, gated, then verifies and checks health',
  usage: '<version>   e.g. /rollback v1.2.3',
  positional: ['version'],
  options: z.object({ version: z.string({ error: 'which version? e.g. /rollback v1.2.3' }).min(1).max(128) }).strict(),
  async handler(ctx) {
    const { config, runbooks, runner, env } = ctx.services;
    const version = (ctx.options as { version: string }).version;
    const runbook = runbooks.get(config.rollback.runbook);
    if (!runbook) throw new OpsError('RUNBOOK_NOT_FOUND', `no rollback runbook "${config.rollback.runbook}" is loaded (config rollback.runbook)`);
    const params = validateParams(runbook.params, { VERSION: version });

    const listed = await runner({
      script: config.rollback.versionsCommand,
      env: buildStepEnv({ parentEnv: env, allowlist: config.exec.envAllowlist, extra: config.exec.stepEnv }),
      timeoutMs: 15_000,
      cwd: config.exec.cwd,
    });
    if (!listed.ok) throw new OpsError('VERSIONS_UNAVAILABLE', `cannot list known versions with \`${config.rollback.versionsCommand}\`: ${listed.reason ?? 'failed'}`);
    const known = listed.output.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!known.includes(version)) {
      const recent = known.slice(-5).join(', ') || 'none found';
      throw new OpsError('UNKNOWN_VERSION', `${version} is not a known version (known, most recent last: ${recent})`);
    }
    await ctx.runs.start(runbook, {
      params,
      note: `rollback of ${config.environment} to ${version}`,
      lock: `rollback:${config.environment}`,
      healthAfter: true,
    });
  },
});
