import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { referencedNames, stepEnvProblems } from '../../../src/core/runbook/step-env-lint.js';

const shape = { allowlist: ['PATH', 'HOME', 'LC_*'], stepEnv: { DIAG_DATABASE_URL: 'postgres://ro@db/app' } };
const rb = (body: string, fm = '') => parseRunbook(`---\nid: x\n${fm}\n---\n## Diagnosis\n\`\`\`sh\n${body}\n\`\`\`\n`, 'x.md');

describe('step environment lint', () => {
  it('warns once per block, naming every variable the step will not have and the fix', () => {
    const problems = stepEnvProblems(rb('psql "$DATABASE_URL" -c "SELECT 1"\ncurl -s "${API_URL}/health?token=$TOKEN"'), shape);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: 'warning', line: 6 });
    expect(problems[0]!.message).toMatch(/^\$DATABASE_URL, \$API_URL, \$TOKEN are not in this step's environment/);
    expect(problems[0]!.message).toMatch(/Add them to exec.stepEnv in the config, declare them under params:/);
  });

  it('is quiet for allowlisted, stepEnv, params, shell and block-assigned variables, and for references with a fallback', () => {
    const body = [
      'psql "$DIAG_DATABASE_URL" -c "SELECT 1"',
      'echo "$HOME $LC_ALL $RANDOM $PWD $VERSION"',
      'N=3; export M=4; for f in a b; do echo "$f $N $M"; done',
      'read -r line; echo "$line"',
      'echo "${APP_URL:-http://localhost} ${NEEDED:?set NEEDED} ${OPT+x}"',
      "echo '$NOT_EXPANDED' # $IN_A_COMMENT",
    ].join('\n');
    expect(stepEnvProblems(rb(body, "params:\n  VERSION: { pattern: '^v.+$' }"), shape)).toEqual([]);
  });

  it('reads references outside single quotes only', () => {
    expect(referencedNames(`echo "$A" '$B' \\$C \${D} \${#E}`)).toEqual(['A', 'D', 'E']);
  });
});
