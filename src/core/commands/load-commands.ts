/**
 * Loads commands/*.ts at start. A bad file stops startup with a message naming the file:
 * a silently skipped command is an outage nobody notices until the incident.
 * From the compiled build (no TypeScript at run time) a .ts command runs as its compiled copy in
 * dist/, which must be at least as new as the source: a stale copy would run yesterday's command.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distRoot } from '../build-info.js';
import { OpsError } from '../errors.js';
import { validateCommandSpec, type CommandSpec } from './define-command.js';

export async function loadCommands(dir: string): Promise<CommandSpec[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
  } catch (err) {
    throw new OpsError('COMMANDS_DIR', `cannot read commands directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  // Read and import every file at once (the loader batches the disk reads); check them in order.
  const loaded = await Promise.allSettled(files.map((file) => importCommand(path.resolve(dir, file))));
  const specs: CommandSpec[] = [];
  const seen = new Map<string, string>();
  for (const [i, file] of files.entries()) {
    const full = path.resolve(dir, file);
    const result = loaded[i]!;
    if (result.status === 'rejected') throw result.reason;
    const mod = result.value;
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

async function importCommand(full: string): Promise<{ default?: unknown }> {
  const runnable = await runnableFile(full);
  try {
    return (await import(pathToFileURL(runnable).href)) as { default?: unknown };
  } catch (err) {
    throw new OpsError('COMMAND_FILE', `${full}: failed to load: ${(err as Error).message}`, { cause: err });
  }
}

async function runnableFile(file: string): Promise<string> {
  const dist = distRoot();
  if (!dist || !file.endsWith('.ts')) return file;
  const rel = path.relative(path.dirname(dist), file);
  const inside = !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.startsWith(`dist${path.sep}`);
  const compiled = inside ? path.join(dist, rel.replace(/\.ts$/, '.js')) : undefined;
  const [source, copy] = await Promise.all([stat(file), compiled ? stat(compiled).catch(() => undefined) : undefined]);
  if (!compiled || !copy) {
    throw new OpsError(
      'COMMAND_FILE',
      `${file}: is TypeScript and has no compiled copy${compiled ? ` (${compiled})` : ' (only commands inside the opsbridge directory are compiled)'}; run \`npm run build\`, or write the command as a .js file`,
    );
  }
  if (copy.mtimeMs < source.mtimeMs) {
    throw new OpsError('COMMAND_FILE', `${file}: changed after the last build (${compiled} is older); run \`npm run build\``);
  }
  return compiled;
}
