/**
 * Builds the status machinery from the bot's Services: the built-in record, the Statuspage
 * provider when STATUSPAGE_API_KEY and STATUSPAGE_PAGE_ID are set, and one updater per Services
 * (its retry queue must outlive a single command, so it is kept per bot instance, not global).
 */
import type { Config } from '../../config/schema.js';
import { iso } from '../../core/clock.js';
import type { Services } from '../../core/services.js';
import { createBuiltinProvider } from './builtin-provider.js';
import type { StatusProvider } from './provider.js';
import { createStatuspageProvider } from './statuspage-provider.js';
import { componentSlug } from './states.js';
import { createStatusStore, type StatusStore } from './status-store.js';
import { createStatusUpdater, type StatusUpdater, type StatusUpdaterOptions } from './status-updater.js';

/** built-in components first, then Statuspage-mapped ones not already listed */
export function knownComponentNames(config: Pick<Config, 'statuspage'>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const name of [...config.statuspage.builtinComponents, ...Object.keys(config.statuspage.components)]) {
    const slug = componentSlug(name);
    if (!slug || seen.has(slug)) continue;
    seen.add(slug);
    out.push(name);
  }
  return out;
}

/** external providers enabled by the configuration */
export function externalProviders(services: Pick<Services, 'config' | 'fetch' | 'clock'>): StatusProvider[] {
  const sp = services.config.statuspage;
  if (!sp.apiKey || !sp.pageId) return [];
  return [createStatuspageProvider({ apiKey: sp.apiKey, pageId: sp.pageId, apiUrl: sp.apiUrl, components: sp.components, fetch: services.fetch, clock: services.clock })];
}

export interface StatusRuntime {
  store: StatusStore;
  updater: StatusUpdater;
  ready: Promise<void>;
}

const runtimes = new WeakMap<Services, StatusRuntime>();

/** one runtime per Services; `overrides` are for tests (providers, retry timing) */
export function statusRuntime(services: Services, overrides: Partial<Pick<StatusUpdaterOptions, 'external' | 'retry'>> = {}): StatusRuntime {
  const existing = runtimes.get(services);
  if (existing) return existing;
  const store = createStatusStore(services.store.db);
  const updater = createStatusUpdater({
    store,
    builtin: createBuiltinProvider({ store, clock: services.clock }),
    external: overrides.external ?? externalProviders(services),
    audit: services.audit,
    clock: services.clock,
    logger: services.logger,
    retry: overrides.retry,
  });
  // Updates a previous process left pending resume as soon as the record is ready.
  const ready = store.ensureComponents(knownComponentNames(services.config), iso(services.clock.now())).then(async () => {
    await updater.resumePending();
  });
  const runtime = { store, updater, ready };
  runtimes.set(services, runtime);
  return runtime;
}

/** stops retry timers of this bot's status runtime, if it has one (shutdown, tests) */
export async function stopStatusRuntime(services: Services): Promise<void> {
  const rt = runtimes.get(services);
  if (!rt) return;
  rt.updater.stop();
  await rt.ready.catch(() => undefined);
  runtimes.delete(services);
}

/** the public page URL the channel messages link to */
export function statusPageUrl(services: Pick<Services, 'config' | 'env'>): string {
  const base = services.env.OPSBRIDGE_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://localhost:${services.config.port}`;
  return `${base}/status`;
}
