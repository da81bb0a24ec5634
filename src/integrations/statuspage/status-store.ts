/**
 * The status record in the store: components with their current state, incidents, and every
 * update (component history and incident timelines), each with its sync state per provider.
 * The built-in page renders from here; the updater's retry queue resumes from here.
 */
import type { Db, StatusComponentsTable, StatusIncidentsTable, StatusUpdatesTable } from '../../store/schema.js';
import { componentSlug, type ComponentStatus } from './states.js';

export type ComponentRow = StatusComponentsTable;
export type IncidentRow = StatusIncidentsTable;
export type UpdateRow = StatusUpdatesTable;

/** sync JSON: { "<provider>": "pending"|"synced"|"failed", "<provider>.ref": "<remote id>", "<provider>.error": "..." } */
export type SyncState = Record<string, string>;

export function parseSync(text: string): SyncState {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as SyncState) : {};
  } catch {
    return {};
  }
}

export function createStatusStore(db: Db) {
  return {
    db,

    /** Adds configured components that are missing (operational); keeps existing states. */
    async ensureComponents(names: string[], nowIso: string): Promise<void> {
      const existing = await db.selectFrom('status_components').select(['id']).execute();
      const have = new Set(existing.map((r) => r.id));
      let position = 0;
      for (const name of names) {
        position++;
        const id = componentSlug(name);
        if (!id) continue;
        if (have.has(id)) {
          await db.updateTable('status_components').set({ position }).where('id', '=', id).execute();
          continue;
        }
        have.add(id);
        await db.insertInto('status_components').values({ id, name, status: 'operational', position, updated_at: nowIso }).execute();
      }
    },

    listComponents(): Promise<ComponentRow[]> {
      return db.selectFrom('status_components').selectAll().orderBy('position').orderBy('name').execute();
    },

    /** by name (any case) or slug: "Discord bot", "discord bot", "discord-bot" */
    async findComponent(nameOrSlug: string): Promise<ComponentRow | undefined> {
      const slug = componentSlug(nameOrSlug);
      if (!slug) return undefined;
      return db.selectFrom('status_components').selectAll().where('id', '=', slug).executeTakeFirst();
    },

    async setComponentStatus(id: string, status: ComponentStatus, nowIso: string): Promise<void> {
      await db.updateTable('status_components').set({ status, updated_at: nowIso }).where('id', '=', id).execute();
    },

    getIncident(id: string): Promise<IncidentRow | undefined> {
      return db.selectFrom('status_incidents').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** the most recently created unresolved incident, for `/status incident update latest ...` */
    latestOpenIncident(): Promise<IncidentRow | undefined> {
      return db.selectFrom('status_incidents').selectAll().where('status', '!=', 'resolved').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    },

    openIncidents(): Promise<IncidentRow[]> {
      return db.selectFrom('status_incidents').selectAll().where('status', '!=', 'resolved').orderBy('created_at', 'desc').execute();
    },

    /** resolved incidents since `sinceIso`, newest first (the page's "recent" section) */
    resolvedSince(sinceIso: string, limit = 20): Promise<IncidentRow[]> {
      return db
        .selectFrom('status_incidents')
        .selectAll()
        .where('status', '=', 'resolved')
        .where('resolved_at', '>=', sinceIso)
        .orderBy('resolved_at', 'desc')
        .limit(limit)
        .execute();
    },

    async updatesForIncidents(ids: string[]): Promise<UpdateRow[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('status_updates').selectAll().where('incident_id', 'in', ids).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    },

    getUpdate(id: string): Promise<UpdateRow | undefined> {
      return db.selectFrom('status_updates').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** the incident's first update holds the providers' references to it */
    firstUpdateOf(incidentId: string): Promise<UpdateRow | undefined> {
      return db.selectFrom('status_updates').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
    },

    async mergeSync(updateId: string, patch: SyncState): Promise<SyncState> {
      // One writer per update id (the updater's queue), so read-modify-write is safe here.
      const row = await db.selectFrom('status_updates').select(['sync']).where('id', '=', updateId).executeTakeFirst();
      const next = { ...parseSync(row?.sync ?? '{}'), ...patch };
      await db.updateTable('status_updates').set({ sync: JSON.stringify(next) }).where('id', '=', updateId).execute();
      return next;
    },

    /** updates some provider has not received yet, oldest first */
    async pendingUpdates(): Promise<UpdateRow[]> {
      const rows = await db.selectFrom('status_updates').selectAll().where('sync', 'like', '%"pending"%').orderBy('created_at').orderBy('id').execute();
      return rows.filter((r) => Object.values(parseSync(r.sync)).includes('pending'));
    },
  };
}

export type StatusStore = ReturnType<typeof createStatusStore>;
