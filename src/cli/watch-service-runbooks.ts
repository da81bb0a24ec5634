/** `start` and `console` keep the runbooks directory watched while they run. */
import { LiveCatalog } from '../core/runbook/live-catalog.js';
import { watchRunbooks, type RunbookWatcher } from '../core/runbook/watch-runbooks.js';
import type { Services } from '../core/services.js';

export async function watchServiceRunbooks(services: Services): Promise<RunbookWatcher | undefined> {
  if (!(services.runbooks instanceof LiveCatalog)) return undefined;
  const watcher = await watchRunbooks(services.runbooks, { logger: services.logger });
  await watcher.ready;
  return watcher;
}
