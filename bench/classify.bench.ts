/**
 * classify_commands_per_s: classifyBlock over every command of the classifier's attack tables
 * (test/core/runbook/classify/tables), repeated until about two seconds have passed.
 */
import { reduceIdleFootprint } from '../src/cli/idle-footprint.js';
import { classifyBlock } from '../src/core/runbook/classify.js';
import { loadPgParser } from '../src/core/runbook/sql-readonly.js';
import { ALL_ROWS } from '../test/core/runbook/classify/tables/index.js';

export async function run(): Promise<Record<string, number>> {
  reduceIdleFootprint(); // the process settings every opsbridge command runs with (src/cli-run.ts)
  const commands = ALL_ROWS.map((r) => r[0]);
  // PostgreSQL's parser loads lazily: without it SQL is only "not proven", which is not what is measured
  await loadPgParser();
  for (const c of commands) classifyBlock(c, 'sh'); // JIT warm-up
  let done = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    for (const c of commands) classifyBlock(c, 'sh');
    done += commands.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { classify_commands_per_s: Math.round(done / seconds), classify_table_commands: commands.length };
}
