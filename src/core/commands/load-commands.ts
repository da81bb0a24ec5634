/**
 * Loads commands/*.ts at start. A bad file stops startup with a message naming the file:
 * a silently skipped command is an outage nobody notices until the incident.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OpsError } from '../errors.js';
import { validateCommandSpec, type CommandSpec } from './define-command.js';

export async function loadCommands(dir: string): Promise<CommandSpec[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
  } catch (err) {
    throw new OpsError('COMMANDS_DIR', `cannot read commands directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const specs: CommandSpec[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const full = path.resolve(dir, file);
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(full).href)) as { default?: unknown };
    } catch (err) {
      throw new OpsError('COMMAND_FILE', `${full}: failed to load: ${(err as Error).message}`, { cause: err });
    }
    if (mod.default === undefined) {
      throw new OpsError('COMMAND_FILE', `${full}: has no default export; write \`export default defineCommand({...})\``);
    }
    let spec: CommandSpec;
    try {
      spec = validateCommandSpec(mod.default);
    } catch (err) {
      throw new OpsError('COMMAND_FILE', `${full}: invalid command: ${(err as Error).message}`, { cause: err });
    }
    const previous = seen.get(spec.name);
    if (previous) throw new OpsError('COMMAND_FILE', `${full}: command "/${spec.name}" is already defined in ${previous}`);
    seen.set(spec.name, full);
    specs.push(spec);
  }
  return specs;
}
