import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../../src/core/errors.js';
import { buildStepEnv } from '../../../src/core/exec/step-env.js';

const parentEnv = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/bot',
  LC_ALL: 'C.UTF-8',
  LC_TIME: 'en_GB',
  SLACK_BOT_TOKEN: 'xoxb-1-2-3',
  STRIPE_SECRET_KEY: 'sk_live_abc',
  DATABASE_URL: 'postgres://bot:pw@db/app',
  DB_PASSWORD: 'pw',
  UNRELATED: 'x',
  EMPTY: undefined,
};

describe('buildStepEnv', () => {
  it('passes only allowlisted variables, with prefix wildcards', () => {
    expect(buildStepEnv({ parentEnv, allowlist: ['PATH', 'HOME', 'LC_*', 'EMPTY'] })).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/bot',
      LC_ALL: 'C.UTF-8',
      LC_TIME: 'en_GB',
    });
  });

  it('never passes a secret-named variable, even when allowlisted', () => {
    const env = buildStepEnv({ parentEnv, allowlist: ['PATH', 'SLACK_BOT_TOKEN', 'STRIPE_SECRET_KEY', 'DATABASE_URL', 'DB_PASSWORD', '*'] });
    expect(Object.keys(env).sort()).toEqual(['HOME', 'LC_ALL', 'LC_TIME', 'PATH', 'UNRELATED']);
  });

  it('adds step-only extras (a deliberate credential) and validated params on top', () => {
    const env = buildStepEnv({
      parentEnv,
      allowlist: ['PATH'],
      extra: { DIAG_DATABASE_URL: 'postgres://readonly@db/app', PGPASSWORD: 'readonly-pw' },
      params: { VERSION: 'v1.2.3' },
    });
    expect(env).toEqual({ PATH: '/usr/bin:/bin', DIAG_DATABASE_URL: 'postgres://readonly@db/app', PGPASSWORD: 'readonly-pw', VERSION: 'v1.2.3' });
  });

  it('refuses params that would change how the shell runs', () => {
    for (const name of ['PATH', 'BASH_ENV', 'LD_PRELOAD', 'IFS', 'NODE_OPTIONS', 'GIT_SSH_COMMAND']) {
      let caught: unknown;
      try {
        buildStepEnv({ parentEnv, allowlist: [], params: { [name]: 'x' } });
      } catch (err) {
        caught = err;
      }
      expect(isOpsError(caught, 'EXEC_RESERVED_PARAM')).toBe(true);
    }
  });

  it('refuses invalid names and NUL bytes with a clear error', () => {
    expect(() => buildStepEnv({ parentEnv, allowlist: [], params: { 'BAD-NAME': 'x' } })).toThrow(/not a valid variable name/);
    expect(() => buildStepEnv({ parentEnv, allowlist: [], params: { VERSION: 'v1\0' } })).toThrow(/NUL/);
  });
});
