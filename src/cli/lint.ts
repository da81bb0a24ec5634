/**
 * `opsbridge lint PATH... [--json] [--strict]`: parse and classify runbooks, print a table per
 * runbook (or, with --json, exactly one JSON document). Exit 0 unless a problem of severity error
 * (with --strict, any problem); 2 for a usage mistake.
 */
import { lintExitCode, formatLintReport, lintReport } from '../core/runbook/lint-report.js';
import { loadRunbooks } from '../core/runbook/load-runbooks.js';
import { stepEnvProblems, type StepEnvShape } from '../core/runbook/step-env-lint.js';
import { loadConfig } from '../config/load-config.js';
import { readConfig } from '../config/read-config.js';

/**
 * What lint needs from the config (OPSBRIDGE_CONFIG and the environment), so that it classifies
 * and checks as the bot will: the read directories and the step environment. Defaults if the
 * config cannot be read.
 */
async function execConfig(): Promise<{ readDirs: string[]; shape: StepEnvShape }> {
  let exec;
  try {
    exec = (await readConfig(process.env)).exec;
  } catch {
    exec = loadConfig({}).exec;
  }
  return { readDirs: exec.readDirs, shape: { allowlist: exec.envAllowlist, stepEnv: exec.stepEnv } };
}

export const USAGE = 'usage: opsbridge lint PATH... [--json] [--strict]\n  PATH: runbook files or directories (searched for *.md)\n';

export async function run(argv: string[]): Promise<number> {
  let json = false;
  let strict = false;
  const paths: string[] = [];
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--strict') strict = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      process.stderr.write(`opsbridge lint: unknown option ${arg}\n${USAGE}`);
      return 2;
    } else paths.push(arg);
  }
  if (!paths.length) {
    process.stderr.write(`opsbridge lint: name at least one runbook file or directory\n${USAGE}`);
    return 2;
  }
  // Refused files (duplicate ids) are still linted, with the duplicate as one of their problems.
  const { readDirs, shape } = await execConfig();
  const { all, problems } = await loadRunbooks(paths, { readDirs });
  // Variables a step uses that its environment (config exec.envAllowlist / exec.stepEnv) lacks.
  for (const rb of all) for (const p of stepEnvProblems(rb, shape)) rb.problems.push(p);
  const report = lintReport(all, problems);
  const text = json ? JSON.stringify(report) + '\n' : formatLintReport(report);
  await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  return lintExitCode(report, strict);
}
