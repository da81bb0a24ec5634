/**
 * The environment a step's child process sees: nothing is inherited by default (the bot's own
 * tokens must never reach a runbook command). Allowlisted parent variables, then configured
 * step-only extras (e.g. read-only diagnostic credentials), then the invocation's validated params.
 */
import { OpsError } from '../errors.js';
import { isSecretEnvName } from '../redact/secret-names.js';

export interface StepEnvOptions {
  parentEnv: Record<string, string | undefined>;
  /** exact names, or a prefix ending in `*` such as `LC_*` */
  allowlist: string[];
  /** step-only variables; the one way to hand a step a credential on purpose */
  extra?: Record<string, string>;
  /** runbook params, values already validated by the caller */
  params?: Record<string, string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Names a param may not take: they change how bash or the programs it starts behave
 * (which binary runs, code loaded at start-up), so a user-supplied value there is code, not data.
 */
const RESERVED_PARAM = /^(?:PATH|HOME|SHELL|ENV|BASH_ENV|IFS|CDPATH|GLOBIGNORE|PS4|PROMPT_COMMAND|SHELLOPTS|BASHOPTS|BASH_.*|LD_.*|DYLD_.*|NODE_OPTIONS|NODE_PATH|PYTHONPATH|PYTHONSTARTUP|PERL5LIB|PERL5OPT|RUBYOPT|GIT_.*|SSH_.*|PAGER|EDITOR|LESSOPEN)$/;

export function buildStepEnv(opts: StepEnvOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(opts.parentEnv)) {
    if (value === undefined || !allowed(name, opts.allowlist)) continue;
    // an allowlist entry cannot smuggle a secret through; use `extra` for that, deliberately
    if (isSecretEnvName(name)) continue;
    env[name] = value;
  }
  for (const [name, value] of Object.entries(opts.extra ?? {})) {
    checkName(name, 'step environment variable');
    checkValue(name, value);
    env[name] = value;
  }
  for (const [name, value] of Object.entries(opts.params ?? {})) {
    checkName(name, 'param');
    if (RESERVED_PARAM.test(name)) {
      throw new OpsError('EXEC_RESERVED_PARAM', `param ${name} would change how the shell runs; rename it in the runbook's front matter`);
    }
    checkValue(name, value);
    env[name] = value;
  }
  return env;
}

function allowed(name: string, allowlist: string[]): boolean {
  return allowlist.some((entry) => (entry.endsWith('*') ? name.startsWith(entry.slice(0, -1)) : name === entry));
}

function checkName(name: string, what: string): void {
  if (!NAME.test(name)) throw new OpsError('EXEC_BAD_ENV_NAME', `${what} name "${name}" is not a valid variable name (letters, digits, _)`);
}

function checkValue(name: string, value: string): void {
  // a NUL cannot be passed through execve; fail clearly instead of at spawn time
  if (value.includes('\0')) throw new OpsError('EXEC_BAD_ENV_VALUE', `value of ${name} contains a NUL byte`);
}
