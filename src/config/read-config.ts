/** The one place a config file is read from disk; loadConfig stays pure. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OpsError } from '../core/errors.js';
import { loadConfig } from './load-config.js';
import type { Config } from './schema.js';

/** `file` (or OPSBRIDGE_CONFIG) is optional; relative paths resolve against `cwd`. */
export async function readConfig(env: Record<string, string | undefined>, file?: string, cwd = process.cwd()): Promise<Config> {
  const name = file ?? env.OPSBRIDGE_CONFIG;
  let text: string | undefined;
  if (name) {
    try {
      text = await readFile(path.resolve(cwd, name), 'utf8');
    } catch (err) {
      throw new OpsError('CONFIG_INVALID', `cannot read config file ${name}: ${(err as Error).message}`, { cause: err });
    }
  }
  return loadConfig(env, text, name);
}
