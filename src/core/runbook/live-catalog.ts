/**
 * The runbooks a running bot serves, reloadable without a restart. Each reload reads the whole
 * directory through the loader (lint, duplicate ids), then swaps in one new immutable snapshot,
 * so a command sees either the old set or the new one, never half of each. A file whose new text
 * has a lint error keeps its last good version, and the problem is kept for the log and
 * `/runbooks`. Runs are not touched: each run works on the snapshot it started with.
 */
import path from 'node:path';

import type { Runbook } from './model.js';
import { duplicateNames, loadRunbooks, type LoadProblem } from './load-runbooks.js';

export interface ReloadReport {
  /** files whose new version is now served */
  changed: string[];
  /** files no longer on disk, no longer served */
  removed: string[];
  /** files whose new text is broken: the last good version is still served */
  kept: { file: string; problems: LoadProblem[] }[];
  /** every problem found (lint warnings included) */
  problems: LoadProblem[];
  loaded: number;
}

interface Snapshot {
  list: Runbook[];
  byId: Map<string, Runbook>;
  problems: LoadProblem[];
  kept: ReloadReport['kept'];
}

type Loader = typeof loadRunbooks;

export class LiveCatalog {
  private snap: Snapshot = { list: [], byId: new Map(), problems: [], kept: [] };
  /** reloads run one at a time, in order */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly load: Loader = loadRunbooks,
  ) {}

  all(): Runbook[] {
    return this.snap.list;
  }

  get(id: string): Runbook | undefined {
    return this.snap.byId.get(id);
  }

  /** Problems of the files as they are on disk now, broken edits first. */
  problems(): { kept: ReloadReport['kept']; problems: LoadProblem[] } {
    return { kept: this.snap.kept, problems: this.snap.problems };
  }

  reload(): Promise<ReloadReport> {
    const next = this.queue.then(() => this.reloadNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<ReloadReport> {
    const previous = new Map(this.snap.list.map((rb) => [path.resolve(rb.file), rb]));
    const result = await this.load([this.dir]);
    const dirProblem = result.problems.find((p) => path.resolve(p.file) === path.resolve(this.dir));
    if (dirProblem) {
      // The directory itself is unreadable (being replaced, unmounted): serve what we had.
      this.snap = { ...this.snap, problems: [dirProblem], kept: [] };
      return { changed: [], removed: [], kept: [], problems: [dirProblem], loaded: this.snap.list.length };
    }
    const refused = new Set(result.refused.map((rb) => path.resolve(rb.file)));
    const chosen: Runbook[] = [];
    const kept: ReloadReport['kept'] = [];
    const changed: string[] = [];
    for (const rb of result.all) {
      const file = path.resolve(rb.file);
      const old = previous.get(file);
      const broken = refused.has(file) || rb.problems.some((p) => p.severity === 'error');
      if (broken && old) {
        chosen.push(old);
        kept.push({ file: rb.file, problems: result.problems.filter((p) => path.resolve(p.file) === file && p.severity === 'error') });
        continue;
      }
      if (refused.has(file)) continue; // a new file claiming names that are taken
      chosen.push(rb);
      if (!old || old.sha256 !== rb.sha256) changed.push(rb.file);
    }
    // A kept old version may now clash with another file's new names: the earlier file wins.
    const clashes = duplicateNames(chosen);
    const losing = new Set(clashes.map((c) => path.resolve(c.file)));
    const list = chosen.filter((rb) => !losing.has(path.resolve(rb.file)));
    const onDisk = new Set(result.all.map((rb) => path.resolve(rb.file)));
    const removed = [...previous.values()].filter((rb) => !onDisk.has(path.resolve(rb.file))).map((rb) => rb.file);
    const problems = [...result.problems, ...clashes.filter((c) => !result.problems.some((p) => p.file === c.file && p.message === c.message))];
    this.snap = { list, byId: new Map(list.map((rb) => [rb.id, rb])), problems, kept };
    return { changed: changed.filter((f) => !losing.has(path.resolve(f))), removed, kept, problems, loaded: list.length };
  }
}
