#!/usr/bin/env node
// The compiled build (`npm install` runs it through `prepare`; `npm run build` by hand): esbuild
// bundles src/ and commands/ into dist/, so `opsbridge start` loads a few dozen files instead of
// ~900 modules one by one (that resolution and loading was half of the start-up time).
//
// - Entry points keep the source layout (dist/src/cli-run.js, dist/commands/<name>.js): the command
//   loader finds a command's compiled copy next to where its source would be.
// - Code splitting (ESM): code shared by several entry points lives once, in dist/chunks/, so a
//   command file and the bot share one instance of every module (one OpsError class, one registry).
// - Dependencies that are native (better-sqlite3), wasm (libpg-query), loaded only when configured
//   (chat SDKs, Stripe, Sentry, pg, prom-client, secretlint, execa) or run their own workers (pino)
//   stay in node_modules and load as packages; a dynamic import() stays lazy in the bundle.
// - dist/meta.json is esbuild's metafile: which source modules each output file holds. The
//   module-graph test reads it to prove what a command loads.
// - The build is written to a fresh directory and swapped in, so a process reading dist/ never
//   sees half a build, and a deleted source never leaves a stale file behind.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Pure-JavaScript libraries bundled into the build: many small modules each, loaded on every start. */
const BUNDLED = new Set(['zod', 'kysely', 'yaml', 'markdown-it', 'unbash', 'p-limit', 'pino']);

/**
 * Modules that tests and benchmarks import from the compiled build on their own (to exercise
 * exactly what ships, without a TypeScript loader); each becomes an entry point at its source path.
 */
const LIBRARY_ENTRIES = [
  'src/core/exec/watchdog.ts',
  'src/core/process-guards.ts',
  'src/core/commands/load-commands.ts',
  'src/core/clock.ts',
  'src/integrations/stripe/replay-session.ts',
  'src/store/open-store.ts',
];

export async function buildDist({ root = ROOT } = {}) {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const packages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const external = packages.filter((p) => !BUNDLED.has(p)).flatMap((p) => [p, `${p}/*`]);
  const commands = readdirSync(path.join(root, 'commands'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => `commands/${f}`);
  const out = path.join(root, 'dist');
  const next = path.join(root, `dist.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/cli-run.ts', ...LIBRARY_ENTRIES, ...commands],
      outdir: next,
      outbase: '.',
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external,
      sourcemap: true,
      metafile: true,
      logLevel: 'error',
      // Bundled CommonJS code (yaml) calls require() for Node built-ins; an ES module has none.
      banner: { js: "import { createRequire as __opsbridgeRequire } from 'node:module';\nconst require = __opsbridgeRequire(import.meta.url);" },
    });
    checkZodImports(result.metafile);
    // Output paths as they will be once swapped in (dist/…), not the temporary directory's.
    const prefix = path.relative(root, next) + '/';
    const outputs = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [file.replace(prefix, 'dist/'), o]));
    writeFileSync(path.join(next, 'meta.json'), JSON.stringify({ ...result.metafile, outputs }));
    writeFileSync(path.join(next, 'build-id'), buildIdOf(next, root) + '\n');
    writeFileSync(path.join(next, '.built'), new Date().toISOString() + '\n');
  } catch (err) {
    rmSync(next, { recursive: true, force: true });
    throw err;
  }
  const old = path.join(root, `dist.old-${process.pid}`);
  try {
    renameSync(out, old);
  } catch {
    // no previous build
  }
  renameSync(next, out);
  rmSync(old, { recursive: true, force: true });
}

/**
 * `import { z } from 'zod'` binds zod's whole namespace object, which keeps all of zod, its ~40
 * locales included (740 KB, about 25 ms to load on every start); `import * as z from 'zod'` lets
 * the bundler keep only what is used (180 KB). One such import anywhere undoes it for everybody.
 */
function checkZodImports(metafile) {
  const bundled = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  const locales = bundled.filter((i) => /node_modules\/zod\/.*\/locales\/[a-z-]+\.js$/i.test(i) && !i.endsWith('/en.js'));
  if (locales.length) {
    throw new Error(`the build holds all of zod's locales (${locales.length} files): write \`import * as z from 'zod'\`, not \`import { z } from 'zod'\``);
  }
}

/**
 * A hash of every output file and of package-lock.json: what results computed by this build (the
 * runbook cache in the data dir) are keyed by. Not a timestamp, so rebuilding the same code
 * keeps the cache, and any change to the code or a dependency discards it.
 */
function buildIdOf(dir, root) {
  const hash = createHash('sha256');
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).sort();
  for (const f of files) hash.update(f).update('\0').update(readFileSync(path.join(dir, f))).update('\0');
  try {
    hash.update(readFileSync(path.join(root, 'package-lock.json')));
  } catch {
    // no lock file: the code alone
  }
  return hash.digest('hex').slice(0, 32);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildDist().catch((err) => {
    process.stderr.write(`opsbridge build failed: ${err.message}\n`);
    process.exit(1);
  });
}
