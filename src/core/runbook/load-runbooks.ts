/**
 * Load runbooks from files and directories (directories recurse into *.md, in sorted order so
 * output is stable). Unreadable paths and duplicate ids/aliases are problems, not exceptions.
 * A file whose id or alias is already taken is refused (not loaded): with two files behind one
 * name, `/incident NAME` could show one file's commands and run the other's.
 */
import { createHash } from 'node:crypto';
import { RESERVED_WORDS } from '../incidents/commands/split-subcommand.js';
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Runbook } from './model.js';
import type { ParseOptions } from './parse-runbook.js';
import { cacheIsOpen, cachedRunbook, cacheKey, cacheRunbook, saveRunbookCache } from './runbook-cache.js';

export interface LoadProblem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export async function loadRunbooks(paths: string[], opts: ParseOptions = {}): Promise<{ runbooks: Runbook[]; refused: Runbook[]; all: Runbook[]; problems: LoadProblem[] }> {
  const problems: LoadProblem[] = [];
  const files: string[] = [];
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) files.push(...(await markdownFiles(p)));
      else files.push(p);
    } catch (e) {
      problems.push({ file: p, line: 1, severity: 'error', message: `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
    }
  }
  const runbooks: Runbook[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(path.resolve(file))) continue;
    seen.add(path.resolve(file));
    let bytes: Uint8Array;
    try {
      // Read synchronously: a runbook is a few KB, and an await per file costs more than the read.
      bytes = readFileSync(file);
    } catch (e) {
      problems.push({ file, line: 1, severity: 'error', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = cacheIsOpen() ? cacheKey(file, sha256, opts) : undefined;
    const rb = (key && cachedRunbook(key)) || (await parse(bytes, file, sha256, key, opts));
    runbooks.push(rb);
    for (const p of rb.problems) problems.push({ file, ...p });
  }
  const dups = duplicateNames(runbooks);
  for (const dup of dups) {
    problems.push(dup);
    runbooks.find((rb) => rb.file === dup.file)?.problems.push({ line: dup.line, severity: dup.severity, message: dup.message });
  }
  for (const clash of reservedNames(runbooks)) {
    problems.push(clash);
    runbooks.find((rb) => rb.file === clash.file)?.problems.push({ line: clash.line, severity: clash.severity, message: clash.message });
  }
  await saveRunbookCache();
  const refusedFiles = new Set(dups.map((d) => d.file));
  return { runbooks: runbooks.filter((rb) => !refusedFiles.has(rb.file)), refused: runbooks.filter((rb) => refusedFiles.has(rb.file)), all: runbooks, problems };
}

let parser: Promise<[typeof import('./parse-runbook.js'), typeof import('./sql-readonly.js')]> | undefined;

/**
 * Parses a runbook that was not in the cache. The parser (markdown-it, YAML, the classifiers) is
 * loaded on the first miss, so a restart served from the cache never loads it.
 */
async function parse(bytes: Uint8Array, file: string, sha256: string, key: string | undefined, opts: ParseOptions): Promise<Runbook> {
  const [{ parseRunbook }, sql] = await (parser ??= Promise.all([import('./parse-runbook.js'), import('./sql-readonly.js')]));
  const misses = sql.pgParserMisses();
  let rb = parseRunbook(bytes, file, opts);
  if (sql.pgParserMisses() !== misses) {
    // SQL to prove: load PostgreSQL's parser (once per process) and classify again.
    await sql.loadPgParser();
    rb = parseRunbook(bytes, file, opts);
  }
  rb.sha256 = sha256;
  if (key) cacheRunbook(key, rb);
  return rb;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await markdownFiles(full)));
    else if (e.isFile() && /\.md$/i.test(e.name)) out.push(full);
  }
  return out;
}

/**
 * `/incident status …`, `/incident note …`: incident subcommand words take precedence over runbook
 * ids, so a runbook id or alias spelled like one could never be run by that name.
 */
export function reservedNames(runbooks: Runbook[]): LoadProblem[] {
  const reserved = new Set(RESERVED_WORDS);
  const out: LoadProblem[] = [];
  for (const rb of runbooks) {
    for (const name of [rb.id, ...rb.aliases]) {
      if (!reserved.has(name.toLowerCase())) continue;
      const what = name === rb.id ? 'id' : 'alias';
      out.push({ file: rb.file, line: 1, severity: 'error', message: `the ${what} "${name}" is an /incident subcommand (/incident ${name.toLowerCase()} …), so /incident ${name} would never run this runbook; rename it` });
    }
  }
  return out;
}

/**
 * Every id and alias must name exactly one runbook, or `/incident NAME` would be ambiguous.
 * The earlier file (in load order) keeps its names; a later file that reuses any of them is
 * refused as a whole and claims none of its names.
 */
export function duplicateNames(runbooks: Runbook[]): LoadProblem[] {
  const owner = new Map<string, Runbook>();
  const problems: LoadProblem[] = [];
  for (const rb of runbooks) {
    const names = [...new Set([rb.id, ...rb.aliases].map((n) => n.toLowerCase()))];
    const clashes = names.filter((n) => owner.has(n) && owner.get(n) !== rb);
    if (clashes.length === 0) {
      for (const n of names) owner.set(n, rb);
      continue;
    }
    for (const name of clashes) {
      problems.push({
        file: rb.file,
        line: 1,
        severity: 'error',
        message: `"${name}" (${name === rb.id.toLowerCase() ? 'id' : 'alias'}) is already used by ${owner.get(name)!.file}; ids and aliases must be unique, so ${rb.file} was not loaded. Rename one of them.`,
      });
    }
  }
  return problems;
}
