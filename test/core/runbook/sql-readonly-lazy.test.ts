/**
 * PostgreSQL's parser loads only when a runbook has SQL to prove. Before it is loaded, SQL is
 * never "safe"; the loader loads it and classifies again. Run in a process of its own: the test
 * setup loads the parser for every other test file (test/setup/sql-parser.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from '../../helpers/test-bot.js';

const run = promisify(execFile);

const SCRIPT = `
import { classifyBlock } from './src/core/runbook/classify.ts';
import { loadRunbooks } from './src/core/runbook/load-runbooks.ts';
const sql = 'psql "$DATABASE_URL" -c "SELECT count(*) FROM pg_stat_activity"';
const before = classifyBlock(sql, 'sh');
const { runbooks } = await loadRunbooks([process.argv[1]]);
const after = classifyBlock(sql, 'sh');
console.log(JSON.stringify({ before, loaded: runbooks[0].blocks.map((b) => b.safety), after }));
`;

it("SQL is not proven safe before PostgreSQL's parser is loaded, and the loader loads it", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-lazy-sql-'));
  try {
    const file = path.join(dir, 'db.md');
    await writeFile(file, '# DB\n## Diagnosis\n```sh\npsql "$DATABASE_URL" -c "SELECT 1"\n```\n');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, file], { cwd: ROOT });
    const out = JSON.parse(stdout) as { before: { safety: string; reasons: string[] }; loaded: string[]; after: { safety: string } };
    expect(out.before.safety).toBe('approve');
    expect(out.before.reasons.join(' ')).toMatch(/PostgreSQL's parser is not loaded/);
    expect(out.loaded).toEqual(['safe']);
    expect(out.after.safety).toBe('safe');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
