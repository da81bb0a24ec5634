/**
 * Where steps run: `exec.cwd` if configured, else `<data dir>/work`, created on first use.
 * Never the bot's own checkout: an approved `git checkout` or `npm ci` there would act on the
 * bot itself, and relative paths in a runbook would read the bot's files.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config/schema.js';

const made = new Set<string>();

export function stepWorkDir(config: Pick<Config, 'dataDir'> & { exec: Pick<Config['exec'], 'cwd'> }): string {
  if (config.exec.cwd) return path.resolve(config.exec.cwd);
  const dir = path.resolve(config.dataDir, 'work');
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    made.add(dir);
  }
  return dir;
}
