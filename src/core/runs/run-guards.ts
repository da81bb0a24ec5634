/**
 * The checks that protect a runbook belong to the runbook, so every path that starts it
 * (`/rollback v1`, `/incident rollback VERSION:v1`, a command that is just the runbook, an alert)
 * checks the same things:
 * - a param's `known:` command lists the accepted values, one per line; any other value is refused;
 * - `lock:` names a store lock held from start to finish (`{environment}` and `{PARAM}` expand),
 *   so two runs that must not overlap never do.
 * The runbook named by `rollback.runbook` gets the config's `rollback.versionsCommand` as its
 * VERSION's `known:` and `rollback:{environment}` as its lock unless it declares its own.
 */
import type { Config } from '../../config/schema.js';
import { OpsError } from '../errors.js';
import { buildStepEnv } from '../exec/step-env.js';
import { stepWorkDir } from '../exec/work-dir.js';
import type { Runbook } from '../runbook/model.js';
import type { Services } from '../services.js';

const KNOWN_TIMEOUT_MS = 15_000;

export function knownCommand(runbook: Runbook, param: string, config: Config): string | undefined {
  const own = runbook.params[param]?.known;
  if (own) return own;
  if (runbook.id === config.rollback.runbook && param === 'VERSION') return config.rollback.versionsCommand;
  return undefined;
}

export function lockKey(runbook: Runbook, params: Record<string, string>, config: Config): string | undefined {
  const template = runbook.lock ?? (runbook.id === config.rollback.runbook ? 'rollback:{environment}' : undefined);
  if (!template) return undefined;
  return template.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole: string, name: string) => (name === 'environment' ? config.environment : (params[name] ?? whole)));
}

/** Refuses a param value its `known:` command does not list. */
export async function checkKnownValues(runbook: Runbook, params: Record<string, string>, services: Services): Promise<void> {
  const { config, runner, env } = services;
  for (const [name, value] of Object.entries(params)) {
    const command = knownCommand(runbook, name, config);
    if (!command) continue;
    const listed = await runner({
      script: command,
      env: buildStepEnv({ parentEnv: env, allowlist: config.exec.envAllowlist, extra: config.exec.stepEnv }),
      timeoutMs: KNOWN_TIMEOUT_MS,
      cwd: stepWorkDir(config),
    });
    const label = name === 'VERSION' ? 'version' : `value of ${name}`;
    if (!listed.ok) throw new OpsError('KNOWN_VALUES_UNAVAILABLE', `cannot list the known ${label}s with \`${command}\`: ${listed.reason ?? 'failed'}; nothing was started`);
    const known = listed.output.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!known.includes(value)) {
      throw new OpsError('UNKNOWN_VALUE', `${value} is not a known ${label} (known, most recent last: ${known.slice(-5).join(', ') || 'none found'})`);
    }
  }
}
