/**
 * Writes docs/configuration.md from the config schema. `--check` only compares (exit 1 when the
 * file is out of date), for CI; the docs test does the same.
 */
import { readFile, writeFile } from 'node:fs/promises';

import { renderConfigDocs } from '../src/config/config-docs.js';

const FILE = new URL('../docs/configuration.md', import.meta.url);
const text = renderConfigDocs();
if (process.argv.includes('--check')) {
  const current = await readFile(FILE, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write('docs/configuration.md is out of date: run npx tsx scripts/config-docs.ts\n');
    process.exit(1);
  }
} else {
  await writeFile(FILE, text);
  process.stdout.write(`wrote docs/configuration.md (${text.split('\n').length} lines)\n`);
}
