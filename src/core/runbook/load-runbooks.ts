/**
 * Load runbooks from files and directories (directories recurse into *.md, in sorted order so
 * output is stable). Unreadable paths and duplicate ids/aliases are problems, not exceptions.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Runbook } from './model.js';
import { parseRunbook } from './parse-runbook.js';

export interface LoadProblem {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export async function loadRunbooks(paths: string[]): Promise<{ runbooks: Runbook[]; problems: LoadProblem[] }> {
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
      bytes = await readFile(file);
    } catch (e) {
      problems.push({ file, line: 1, severity: 'error', message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    const rb = parseRunbook(bytes, file);
    runbooks.push(rb);
    for (const p of rb.problems) problems.push({ file, ...p });
  }
  for (const dup of duplicateNames(runbooks)) {
    problems.push(dup);
    runbooks.find((rb) => rb.file === dup.file)?.problems.push({ line: dup.line, severity: dup.severity, message: dup.message });
  }
  return { runbooks, problems };
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

/** Every id and alias must name exactly one runbook, or `/incident NAME` would be ambiguous. */
export function duplicateNames(runbooks: Runbook[]): LoadProblem[] {
  const owner = new Map<string, Runbook>();
  const problems: LoadProblem[] = [];
  for (const rb of runbooks) {
    const names = [...new Set([rb.id, ...rb.aliases].map((n) => n.toLowerCase()))];
    for (const name of names) {
      const first = owner.get(name);
      if (first && first !== rb) {
        problems.push({
          file: rb.file,
          line: 1,
          severity: 'error',
          message: `"${name}" (${name === rb.id.toLowerCase() ? 'id' : 'alias'}) is already used by ${first.file}; ids and aliases must be unique`,
        });
      } else owner.set(name, rb);
    }
  }
  return problems;
}
