#!/usr/bin/env node
// Runs the compiled build in dist/ (made by `npm install` through the prepare script, or `npm run
// build`): no TypeScript toolchain at run time. `npm run dev` runs the sources through tsx instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/src/cli-run.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('opsbridge: the compiled build is missing (dist/src/cli-run.js). Run `npm install` or `npm run build` in the opsbridge directory.\n');
  process.exit(1);
}
await import(entry.href);
