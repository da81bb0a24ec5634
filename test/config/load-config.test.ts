import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';

const fail = (env: Record<string, string>, text: string, file = 'opsbridge.yaml'): { code?: string; message: string } => {
  try {
    loadConfig(env, text, file);
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected the config to be refused');
};

describe('loadConfig: unknown keys in the file are errors with the nearest valid key', () => {
  const cases: Array<[string, string]> = [
    ['aproval: { quorum: 2 }', 'opsbridge.yaml: unknown key "aproval" (did you mean "approval"?)'],
    ['approval: { qourum: 2 }', 'opsbridge.yaml: unknown key "approval.qourum" (did you mean "approval.quorum"?)'],
    ['exec: { stepenv: { A: b } }', 'opsbridge.yaml: unknown key "exec.stepenv" (did you mean "exec.stepEnv"?)'],
    ['slack: { signingSecrt: x }', 'opsbridge.yaml: unknown key "slack.signingSecrt" (did you mean "slack.signingSecret"?)'],
    ['health: { probes: [{ name: api, url: "http://x/", expect_status: 200 }] }', 'opsbridge.yaml: unknown key "health.probes.0.expect_status" (did you mean "health.probes.0.expectStatus"?)'],
    ['quorum: 2', 'opsbridge.yaml: unknown key "quorum" (did you mean "approval.quorum"?)'],
  ];
  for (const [text, line] of cases) {
    it(`refuses ${text}`, () => {
      const err = fail({}, text);
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.message).toContain(line);
    });
  }

  it('lists the valid keys when nothing is close', () => {
    expect(fail({}, 'rateLimit: { zzzzzzzz: 1 }').message).toContain('unknown key "rateLimit.zzzzzzzz" (valid keys here: perUser, window)');
  });

  it('keeps free-form maps free: stepEnv names, console users, command access', () => {
    const config = loadConfig({}, 'exec: { stepEnv: { ANY_NAME: v } }\nconsole: { users: { dana: [oncall] } }\ncommandAccess: { rollback: [oncall] }');
    expect(config.exec.stepEnv).toEqual({ ANY_NAME: 'v' });
    expect(config.console.users).toEqual({ dana: ['oncall'] });
  });

  it('every object in the config schema refuses unknown keys', () => {
    const loose: string[] = [];
    walk(configSchema, '', loose);
    expect(loose).toEqual([]);
  });
});

describe('loadConfig: an invalid value names where it came from', () => {
  it('a bad value in the file names the file key, not the environment variable for it', () => {
    const err = fail({}, 'approval: { quorum: 0 }');
    expect(err.message).toContain('opsbridge.yaml: approval.quorum:');
    expect(err.message).not.toContain('OPSBRIDGE_APPROVAL_QUORUM');
    expect(fail({}, 'slack: { botToken: nope }').message).toMatch(/opsbridge\.yaml: slack\.botToken: .*xoxb-/);
    expect(fail({}, 'slack: { botToken: nope }').message).not.toContain('SLACK_BOT_TOKEN (slack.botToken)');
  });

  it('a bad value from the environment names the variable', () => {
    const err = fail({ OPSBRIDGE_APPROVAL_QUORUM: '0' }, '');
    expect(err.message).toContain('OPSBRIDGE_APPROVAL_QUORUM (approval.quorum):');
  });

  it('the environment overrides a file value, and a bad file value elsewhere still names the file', () => {
    const err = fail({ OPSBRIDGE_APPROVAL_QUORUM: '2' }, 'approval: { quorum: 0, ttl: soon }');
    expect(err.message).toContain('opsbridge.yaml: approval.ttl:');
    expect(err.message).not.toContain('approval.quorum');
  });
});

describe('loadConfig: exec.readDirs, where a computed path may read', () => {
  it('defaults to /var/log and normalises a trailing slash', () => {
    expect(loadConfig({}).exec.readDirs).toEqual(['/var/log']);
    expect(loadConfig({}, 'exec: { readDirs: [/srv/logs/, /var/log] }', 'opsbridge.yaml').exec.readDirs).toEqual(['/srv/logs', '/var/log']);
  });

  it('refuses a relative directory and the root, naming the key', () => {
    expect(fail({}, 'exec: { readDirs: [logs] }').message).toMatch(/opsbridge\.yaml: exec\.readDirs\.0: .*absolute directory/);
    expect(fail({}, 'exec: { readDirs: [/] }').message).toMatch(/exec\.readDirs\.0: .*every file/);
  });
});

function walk(schema: unknown, path: string, loose: string[]): void {
  const def = (schema as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  if (def.innerType) return walk(def.innerType, path, loose);
  if (def.type === 'array') return walk(def.element, `${path}[]`, loose);
  if (def.type === 'record') return walk(def.valueType, `${path}.*`, loose);
  if (def.type === 'union') return (def.options as unknown[]).forEach((o) => walk(o, path, loose));
  if (def.type !== 'object') return;
  const catchall = def.catchall as { _zod: { def: { type: string } } } | undefined;
  if (catchall?._zod.def.type !== 'never') loose.push(path || '(top level)');
  for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k, loose);
}

describe('loadConfig: a file that does not parse', () => {
  it('says where, without quoting the file back (the line may hold a secret)', () => {
    const err = fail({}, 'statuspage: { apiKey: "sp-secret-value\nslack:\n  signingSecret: other-secret-value');
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/^opsbridge\.yaml: cannot parse: .*line \d+, column \d+$/);
    expect(err.message).not.toContain('secret-value');
  });
});
