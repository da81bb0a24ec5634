import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { knownCommand, lockKey } from '../../../src/core/runs/run-guards.js';

const config = loadConfig({ OPSBRIDGE_ENVIRONMENT: 'staging' });
const rb = (fm: string, file = 'x.md') => parseRunbook(`---\n${fm}\n---\n## Recovery\n\`\`\`sh {approve}\necho hi\n\`\`\`\n`, file);

describe('run guards', () => {
  it('expands {environment} and {PARAM} in a runbook lock', () => {
    const r = rb("id: scale\nparams:\n  REGION: { pattern: '^[a-z]+$' }\nlock: scale:{environment}:{REGION}");
    expect(lockKey(r, { REGION: 'eu' }, config)).toBe('scale:staging:eu');
  });
  it('the configured rollback runbook gets the config versions command and the per-environment lock unless it has its own', () => {
    const r = rb("id: rollback\nparams:\n  VERSION: { pattern: '^v.+$' }");
    expect(knownCommand(r, 'VERSION', config)).toBe(config.rollback.versionsCommand);
    expect(lockKey(r, {}, config)).toBe('rollback:staging');
    const own = rb("id: rollback\nparams:\n  VERSION: { pattern: '^v.+$', known: 'cat versions.txt' }\nlock: deploy");
    expect(knownCommand(own, 'VERSION', config)).toBe('cat versions.txt');
    expect(lockKey(own, {}, config)).toBe('deploy');
  });
  it('front matter problems: a lock naming an undeclared param, a known: that is no command', () => {
    expect(rb('id: a\nlock: a:{REGION}').problems.map((p) => p.message)).toEqual([expect.stringMatching(/names \{REGION\}, which is not a param/)]);
    expect(rb('id: a\nparams:\n  V: { known: [1, 2] }').problems.map((p) => p.message)).toEqual([expect.stringMatching(/known must be a shell command/)]);
  });
});
