/**
 * `npm run bench [-- --json] [-- --only name]`: runs every bench/*.bench.ts, each in a fresh Node
 * process (so one bench's heap and loaded SDKs never count in another's memory figures), and
 * prints one JSON document merging their keys. Each file exports
 * `run(): Promise<Record<string, number | string>>`. Figures are ratios against a baseline
 * measured in the same run where the issue asks for one.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const child = args.includes('--child') ? args[args.indexOf('--child') + 1] : undefined;

if (child) {
  const mod = (await import(pathToFileURL(path.join(dir, child)).href)) as { run(): Promise<Record<string, number | string>> };
  process.stdout.write(JSON.stringify(await mod.run()) + '\n');
  process.exit(0);
}

// Several benches run the compiled CLI: build dist/ first when it is missing or stale.
const { ensureBuild } = await import('../test/setup/build-dist.js');
ensureBuild();

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || f.startsWith(only))
  .sort();

const results: Record<string, number | string> = {};
for (const file of files) {
  const started = Date.now();
  const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const figures = JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number | string>;
  Object.assign(results, figures);
  if (!json) process.stderr.write(`${file} (${((Date.now() - started) / 1000).toFixed(1)}s)\n${JSON.stringify(figures, null, 2)}\n`);
}
process.stdout.write(JSON.stringify(results, null, json ? 0 : 2) + '\n');
