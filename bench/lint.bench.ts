/**
 * lint_runbooks_per_s: what `opsbridge lint --json` does per file, in process: read from disk,
 * decode, parse, classify, check each step's environment and build the JSON report of 1,000 generated runbook files of the seed
 * runbook's size (~400 lines, ~12 KB: headings, bold-label checklists, inline code, and fenced
 * shell blocks with psql/curl/kubectl/redis/git commands). Each file differs, so nothing is served
 * from a cache. Goal ≥ 800. lint_parse_only_per_s: parseRunbook on the same texts in memory (information).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reduceIdleFootprint } from '../src/cli/idle-footprint.js';
import { loadConfig } from '../src/config/load-config.js';
import { lintReport } from '../src/core/runbook/lint-report.js';
import { loadRunbooks } from '../src/core/runbook/load-runbooks.js';
import { parseRunbook } from '../src/core/runbook/parse-runbook.js';
import { loadPgParser } from '../src/core/runbook/sql-readonly.js';
import { stepEnvProblems } from '../src/core/runbook/step-env-lint.js';

const COUNT = 1000;
const fence = '```';

const COMMANDS = [
  (i: number) => `psql "$DATABASE_URL" -c "SELECT state, count(*) FROM pg_stat_activity WHERE pid <> ${i} GROUP BY 1"`,
  (i: number) => `curl -sS --max-time 5 "\${APP_URL:-http://127.0.0.1:3000}/health?probe=${i}"`,
  (i: number) => `kubectl -n prod-${i % 7} get pods -o wide`,
  (i: number) => `redis-cli -n ${i % 16} INFO memory`,
  (i: number) => `git log --oneline -n ${10 + (i % 20)}`,
  (i: number) => `pm2 logs app-${i % 5} --lines ${50 + i} --nostream | grep -i error | tail -n 20`,
  (i: number) => `pm2 restart app-${i % 5}`,
  (i: number) => `psql "$DATABASE_URL" <<SQL\nSELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle in transaction' AND pid > ${i};\nSQL`,
  (i: number) => `git checkout v1.${i % 9}.X`,
  (i: number) => `curl -X POST -d 'id=${i}' https://api.example.org/replay`,
];

export function generate(n: number): string {
  const out: string[] = ['---', `id: generated-${n}`, `title: Generated runbook ${n}`, `aliases: [gen-${n}]`, 'severity: SEV-2', '---', `# Generated runbook ${n}`, ''];
  for (let s = 0; s < 10; s++) {
    out.push(`### ${s + 1}. Incident ${n}-${s}`);
    out.push(`**Symptoms:** requests to service ${s} fail with 5xx after deploy ${n}`);
    out.push('**Diagnosis:**');
    out.push(`1. Check logs: \`pm2 logs app-${s} --lines 100\``);
    out.push(`2. Look for: connection errors, missing env vars, timeouts over ${s + 3}s`);
    out.push(`3. Verify environment: \`cat .env | grep -v PASSWORD\``);
    out.push('');
    out.push('**Common Causes & Fixes:**');
    for (let c = 0; c < 4; c++) out.push(`- Cause ${c}: fix the configuration of component ${c} (see the dashboard, section ${n % 13})`);
    out.push('');
    out.push('**Recovery:**');
    out.push(`1. Fix the identified issue\n2. Rebuild if needed: \`npm run build\`\n3. Restart: \`pm2 restart app-${s}\``);
    out.push('');
    out.push(`#### Diagnosis ${s}`);
    for (let b = 0; b < 2; b++) {
      out.push(fence + 'sh', COMMANDS[(n + s + b) % COMMANDS.length]!(n * 31 + s * 7 + b), COMMANDS[(n + s + b + 3) % COMMANDS.length]!(n + b), fence, '');
    }
    out.push(`Notes for incident ${s}: watch the error rate for ${n % 30} minutes; escalate if it does not recover.`, '');
  }
  out.push('## Escalation', '- Data corruption suspected: stop writes, assess damage', '- Extended outage (>30 min): update the status page', '');
  return out.join('\n');
}

export async function run(): Promise<Record<string, number>> {
  reduceIdleFootprint(); // the process settings every opsbridge command runs with (src/cli-run.ts)
  const docs = Array.from({ length: COUNT }, (_, i) => generate(i));
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-bench-lint-'));
  try {
    await Promise.all(docs.map((d, i) => writeFile(path.join(dir, `generated-${String(i).padStart(4, '0')}.md`), d)));
    // One-off costs of a process, kept out of the per-file figure: PostgreSQL's wasm parser (loaded
    // lazily, on the first SQL to prove) and a JIT warm-up.
    await loadPgParser();
    for (let i = 0; i < 20; i++) parseRunbook(docs[i]!, `warm-${i}.md`);

    // src/cli/lint.ts: load, then the step-environment check against the config's shape, then the report
    const config = loadConfig({});
    const shape = { allowlist: config.exec.envAllowlist, stepEnv: config.exec.stepEnv };
    let started = performance.now();
    const { runbooks, all, problems } = await loadRunbooks([dir]);
    for (const rb of all) for (const p of stepEnvProblems(rb, shape)) rb.problems.push(p);
    const json = JSON.stringify(lintReport(all, problems));
    const lintSeconds = (performance.now() - started) / 1000;
    const blocks = runbooks.reduce((n, rb) => n + rb.blocks.length, 0);
    if (runbooks.length !== COUNT || blocks < COUNT * 10 || json.length < COUNT * 1000) throw new Error(`lint read ${runbooks.length} runbooks, ${blocks} blocks`);

    started = performance.now();
    for (let i = 0; i < COUNT; i++) parseRunbook(docs[i]!, `generated-${i}.md`);
    const parseSeconds = (performance.now() - started) / 1000;
    return {
      lint_runbooks_per_s: Math.round(COUNT / lintSeconds),
      lint_parse_only_per_s: Math.round(COUNT / parseSeconds),
      lint_avg_bytes_per_runbook: Math.round(docs.reduce((n, d) => n + d.length, 0) / COUNT),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
