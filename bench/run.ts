/**
 * `npm run bench [-- --json] [-- --only name]`: runs every bench/*.bench.ts and prints one JSON
 * document merging their keys. Each file exports `run(): Promise<Record<string, number | string>>`.
 * Figures are ratios against a baseline measured in the same run where the issue asks for one.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();

const results: Record<string, number | string> = {};
for (const file of files) {
  const started = Date.now();
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run(): Promise<Record<string, number | string>> };
  const figures = await mod.run();
  Object.assign(results, figures);
  if (!json) process.stderr.write(`${file} (${((Date.now() - started) / 1000).toFixed(1)}s)\n${JSON.stringify(figures, null, 2)}\n`);
}
process.stdout.write(JSON.stringify(results, null, json ? 0 : 2) + '\n');
process.exit(0);
