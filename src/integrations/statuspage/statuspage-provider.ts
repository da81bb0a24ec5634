/**
 * The Atlassian Statuspage provider (REST v1, see docs/platform-notes.md "Status pages").
 * opsbridge component names map to Statuspage component ids through config.statuspage.components.
 */
import type { Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import { createPacedClient, type PacedClientOptions } from './paced-client.js';
import type { IncidentInput, StatusProvider } from './provider.js';
import { componentSlug, IMPACT_COMPONENT_STATUS, type ComponentStatus } from './states.js';

export interface StatuspageProviderOptions {
  apiKey: string;
  pageId: string;
  /** STATUSPAGE_API_URL; default https://api.statuspage.io */
  apiUrl: string;
  /** opsbridge component name → Statuspage component id */
  components: Record<string, string>;
  fetch: typeof fetch;
  clock: Clock;
  minIntervalMs?: number;
  maxRateLimitRetries?: PacedClientOptions['maxRateLimitRetries'];
  requestTimeoutMs?: number;
}

export function createStatuspageProvider(opts: StatuspageProviderOptions): StatusProvider {
  const client = createPacedClient({
    baseUrl: opts.apiUrl,
    apiKey: opts.apiKey,
    fetch: opts.fetch,
    clock: opts.clock,
    minIntervalMs: opts.minIntervalMs,
    maxRateLimitRetries: opts.maxRateLimitRetries,
    requestTimeoutMs: opts.requestTimeoutMs,
  });
  const page = `/v1/pages/${encodeURIComponent(opts.pageId)}`;
  const bySlug = new Map(Object.entries(opts.components).map(([name, id]) => [componentSlug(name), id]));

  function componentId(name: string): string {
    const id = bySlug.get(componentSlug(name));
    if (!id) {
      throw new OpsError('STATUSPAGE_UNKNOWN_COMPONENT', `component "${name}" has no Statuspage id (add it to statuspage.components in the config)`);
    }
    return id;
  }

  /** unmapped components are left out of incidents rather than failing the whole update */
  function mappedIds(names: string[]): string[] {
    return names.map((n) => bySlug.get(componentSlug(n))).filter((x): x is string => x !== undefined);
  }

  return {
    name: 'statuspage',

    async setComponent(component: string, status: ComponentStatus): Promise<void> {
      // Statuspage components carry no per-change message; the message lives in opsbridge's record.
      await client.request('PATCH', `${page}/components/${encodeURIComponent(componentId(component))}`, { component: { status } });
    },

    async openIncident(input: IncidentInput): Promise<{ ref: string }> {
      const ids = mappedIds(input.components);
      const componentStatus = input.componentStatus ?? IMPACT_COMPONENT_STATUS[input.impact];
      const incident = await client.request<{ id?: unknown }>('POST', `${page}/incidents`, {
        incident: {
          name: input.name,
          status: input.status,
          body: input.body,
          impact_override: input.impact,
          component_ids: ids,
          ...(componentStatus ? { components: Object.fromEntries(ids.map((id) => [id, componentStatus])) } : {}),
        },
      });
      if (typeof incident?.id !== 'string') throw new OpsError('STATUSPAGE_REJECTED', 'Statuspage created an incident but returned no id');
      return { ref: incident.id };
    },

    async updateIncident(ref, update): Promise<void> {
      await client.request('PATCH', `${page}/incidents/${encodeURIComponent(ref)}`, { incident: { status: update.status, body: update.body } });
    },

    async resolveIncident(ref, body, components = []): Promise<void> {
      const ids = mappedIds(components);
      await client.request('PATCH', `${page}/incidents/${encodeURIComponent(ref)}`, {
        incident: {
          status: 'resolved',
          body,
          ...(ids.length ? { component_ids: ids, components: Object.fromEntries(ids.map((id) => [id, 'operational'])) } : {}),
        },
      });
    },
  };
}
