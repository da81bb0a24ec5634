/**
 * Watches the runbooks directory (chokidar) and reloads the live catalog when a markdown file is
 * added, changed or removed. Editors save in bursts (write, rename, chmod), so changes within
 * `debounceMs` make one reload. Every reload is logged; a broken edit is logged as an error
 * naming the file and line, with the note that the last good version is still in use.
 */
import type { Logger } from 'pino';

import type { LiveCatalog, ReloadReport } from './live-catalog.js';

export interface RunbookWatcher {
  /** resolves once the watcher is ready to see changes */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  logger: Logger;
  debounceMs?: number;
  /** told after each reload (tests wait on it; the bot logs) */
  onReload?: (report: ReloadReport) => void;
}

export async function watchRunbooks(catalog: LiveCatalog, opts: WatchOptions): Promise<RunbookWatcher> {
  const { watch } = await import('chokidar');
  const debounceMs = opts.debounceMs ?? 150;
  const watcher = watch(catalog.dir, {
    ignoreInitial: true,
    ignored: (file, stats) => Boolean(stats?.isFile() && !/\.md$/i.test(file)),
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      void catalog.reload().then(
        (report) => {
          logReload(opts.logger, report);
          opts.onReload?.(report);
        },
        (err: unknown) => opts.logger.error({ err: (err as Error).message, dir: catalog.dir }, 'runbook reload failed; the runbooks loaded before are still in use'),
      );
    }, debounceMs);
  };
  watcher.on('all', (_event, file) => {
    if (/\.md$/i.test(file) || _event === 'unlinkDir' || _event === 'addDir') schedule();
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

export function logReload(logger: Logger, report: ReloadReport): void {
  for (const k of report.kept) {
    for (const p of k.problems) logger.error({ file: p.file, line: p.line }, `runbook not reloaded: ${p.message}; still using the last good version`);
  }
  if (report.changed.length || report.removed.length) logger.info({ changed: report.changed, removed: report.removed, runbooks: report.loaded }, 'runbooks reloaded');
}
