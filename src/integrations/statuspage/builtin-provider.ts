/**
 * The built-in provider: the status record in opsbridge's own store, which the public page at
 * /status and /api/v2/*.json renders. It is also the system of record for the other providers
 * (their references and sync state live on its update rows), so it is always on; the
 * `statuspage.builtin` setting only decides whether the page is served.
 */
import { iso, type Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import { newIncidentId, newUpdateId } from './ids.js';
import type { IncidentInput, StatusProvider } from './provider.js';
import { IMPACT_COMPONENT_STATUS, type ComponentStatus, type IncidentStatus } from './states.js';
import type { StatusStore, SyncState } from './status-store.js';

export interface BuiltinProvider extends StatusProvider {
  readonly name: 'builtin';
  /** `sync` is the initial per-provider state stored with the update (e.g. { statuspage: 'pending' }) */
  setComponent(component: string, status: ComponentStatus, message?: string, sync?: SyncState): Promise<{ updateId: string; componentName: string }>;
  openIncident(input: IncidentInput, sync?: SyncState): Promise<{ ref: string; updateId: string }>;
  updateIncident(ref: string, update: { status: IncidentStatus; body: string }, sync?: SyncState): Promise<{ updateId: string }>;
  resolveIncident(ref: string, body: string, components?: string[], sync?: SyncState): Promise<{ updateId: string }>;
}

export function createBuiltinProvider(deps: { store: StatusStore; clock: Clock }): BuiltinProvider {
  const { store, clock } = deps;

  async function component(nameOrSlug: string) {
    const row = await store.findComponent(nameOrSlug);
    if (!row) {
      const known = (await store.listComponents()).map((c) => c.name);
      throw new OpsError('STATUS_UNKNOWN_COMPONENT', `unknown component "${nameOrSlug}"; known components: ${known.join(', ') || '(none configured)'}`);
    }
    return row;
  }

  async function openIncidentRow(id: string) {
    const row = await store.getIncident(id);
    if (!row) throw new OpsError('STATUS_UNKNOWN_INCIDENT', `no incident "${id}"`);
    if (row.status === 'resolved') throw new OpsError('STATUS_INCIDENT_RESOLVED', `incident ${id} is already resolved; open a new one`);
    return row;
  }

  return {
    name: 'builtin',

    async setComponent(name, status, message, sync = {}) {
      const row = await component(name);
      const now = iso(clock.now());
      const updateId = newUpdateId(clock.now());
      await store.db.transaction().execute(async (tx) => {
        await tx.updateTable('status_components').set({ status, updated_at: now }).where('id', '=', row.id).execute();
        await tx
          .insertInto('status_updates')
          .values({ id: updateId, incident_id: null, component_id: row.id, status, body: message ?? '', created_at: now, sync: JSON.stringify(sync) })
          .execute();
      });
      return { updateId, componentName: row.name };
    },

    async openIncident(input, sync = {}) {
      const rows: Awaited<ReturnType<typeof component>>[] = [];
      for (const c of input.components) rows.push(await component(c));
      const now = iso(clock.now());
      const id = newIncidentId();
      const updateId = newUpdateId(clock.now());
      const componentStatus = input.componentStatus ?? IMPACT_COMPONENT_STATUS[input.impact];
      await store.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('status_incidents')
          .values({
            id,
            name: input.name,
            status: input.status,
            impact: input.impact,
            components: JSON.stringify(rows.map((r) => r.id)),
            created_at: now,
            updated_at: now,
            resolved_at: input.status === 'resolved' ? now : null,
          })
          .execute();
        if (componentStatus) {
          for (const r of rows) await tx.updateTable('status_components').set({ status: componentStatus, updated_at: now }).where('id', '=', r.id).execute();
        }
        await tx
          .insertInto('status_updates')
          .values({ id: updateId, incident_id: id, component_id: null, status: input.status, body: input.body, created_at: now, sync: JSON.stringify(sync) })
          .execute();
      });
      return { ref: id, updateId };
    },

    async updateIncident(ref, update, sync = {}) {
      if (update.status === 'resolved') return this.resolveIncident(ref, update.body, undefined, sync);
      await openIncidentRow(ref);
      const now = iso(clock.now());
      const updateId = newUpdateId(clock.now());
      await store.db.transaction().execute(async (tx) => {
        await tx.updateTable('status_incidents').set({ status: update.status, updated_at: now }).where('id', '=', ref).execute();
        await tx
          .insertInto('status_updates')
          .values({ id: updateId, incident_id: ref, component_id: null, status: update.status, body: update.body, created_at: now, sync: JSON.stringify(sync) })
          .execute();
      });
      return { updateId };
    },

    async resolveIncident(ref, body, _components, sync = {}) {
      const row = await openIncidentRow(ref);
      const now = iso(clock.now());
      const updateId = newUpdateId(clock.now());
      const componentIds = JSON.parse(row.components) as string[];
      await store.db.transaction().execute(async (tx) => {
        await tx.updateTable('status_incidents').set({ status: 'resolved', updated_at: now, resolved_at: now }).where('id', '=', ref).execute();
        // A resolved incident gives its components back: they were marked by its impact.
        for (const c of componentIds) await tx.updateTable('status_components').set({ status: 'operational', updated_at: now }).where('id', '=', c).execute();
        await tx
          .insertInto('status_updates')
          .values({ id: updateId, incident_id: ref, component_id: null, status: 'resolved', body, created_at: now, sync: JSON.stringify(sync) })
          .execute();
      });
      return { updateId };
    },
  };
}
