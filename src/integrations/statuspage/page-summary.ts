/**
 * The built-in page's data in Atlassian Statuspage's public format (/api/v2/summary.json and
 * /api/v2/status.json), so existing widgets and monitors (and opsbridge's own /health vendor
 * check) can read it.
 */
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
import type { ComponentStatus, Impact } from './states.js';
import type { ComponentRow, IncidentRow, StatusStore, UpdateRow } from './status-store.js';

export type Indicator = Impact; // none | minor | major | critical

export interface SummaryComponent {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  position: number;
  description: null;
  showcase: boolean;
  start_date: null;
  group_id: null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
}

export interface SummaryIncidentUpdate {
  id: string;
  status: string;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: null;
  deliver_notifications: boolean;
  custom_tweet: null;
  tweet_id: null;
}

export interface SummaryIncident {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: string;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: SummaryIncidentUpdate[];
  components: SummaryComponent[];
}

export interface Summary {
  page: { id: string; name: string; url: string; time_zone: string; updated_at: string };
  components: SummaryComponent[];
  incidents: SummaryIncident[];
  scheduled_maintenances: never[];
  status: { indicator: Indicator; description: string };
}

export interface PageInfo {
  id: string;
  name: string;
  /** public URL of the page (…/status) */
  url: string;
}

const RANK: Record<Indicator, number> = { none: 0, minor: 1, major: 2, critical: 3 };

/** Overall status the way Statuspage words it: the worst of component states and open incidents. */
export function overallStatus(components: { status: string }[], openIncidents: { impact: string }[]): { indicator: Indicator; description: string } {
  let indicator: Indicator = 'none';
  let description = 'All Systems Operational';
  const consider = (i: Indicator, d: string) => {
    if (RANK[i] > RANK[indicator]) {
      indicator = i;
      description = d;
    }
  };
  const statuses = components.map((c) => c.status as ComponentStatus);
  if (statuses.length > 0 && statuses.every((s) => s === 'major_outage')) consider('critical', 'Major System Outage');
  if (statuses.includes('major_outage')) consider('major', 'Partial System Outage');
  if (statuses.includes('partial_outage')) consider('minor', 'Minor Service Outage');
  if (statuses.includes('degraded_performance')) consider('minor', 'Partially Degraded Service');
  for (const inc of openIncidents) {
    const impact = inc.impact as Indicator;
    if (impact === 'critical') consider('critical', 'Major System Outage');
    else if (impact === 'major') consider('major', 'Partial System Outage');
    else if (impact === 'minor') consider('minor', 'Minor Service Outage');
  }
  if (indicator === 'none' && statuses.includes('under_maintenance')) description = 'Service Under Maintenance';
  return { indicator, description };
}

export interface PageData {
  info: PageInfo;
  components: ComponentRow[];
  open: IncidentRow[];
  resolved: IncidentRow[];
  /** newest first, per incident */
  updates: Map<string, UpdateRow[]>;
  status: { indicator: Indicator; description: string };
  updatedAt: string;
}

/** Everything the page and the JSON need, read once per request. */
export async function loadPageData(store: StatusStore, info: PageInfo, clock: Clock, resolvedDays = 7): Promise<PageData> {
  const components = await store.listComponents();
  const open = await store.openIncidents();
  const resolved = await store.resolvedSince(iso(clock.now() - resolvedDays * 86_400_000));
  const rows = await store.updatesForIncidents([...open, ...resolved].map((i) => i.id));
  const updates = new Map<string, UpdateRow[]>();
  for (const u of rows) {
    const list = updates.get(u.incident_id!) ?? [];
    list.push(u);
    updates.set(u.incident_id!, list);
  }
  const stamps = [...components.map((c) => c.updated_at), ...open.map((i) => i.updated_at), ...resolved.map((i) => i.updated_at)].sort();
  return { info, components, open, resolved, updates, status: overallStatus(components, open), updatedAt: stamps.at(-1) ?? iso(clock.now()) };
}

function componentJson(c: ComponentRow, pageId: string): SummaryComponent {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    created_at: c.updated_at,
    updated_at: c.updated_at,
    position: c.position,
    description: null,
    showcase: true,
    start_date: null,
    group_id: null,
    page_id: pageId,
    group: false,
    only_show_if_degraded: false,
  };
}

function incidentJson(i: IncidentRow, data: PageData): SummaryIncident {
  const updates = data.updates.get(i.id) ?? [];
  const ids = new Set(JSON.parse(i.components) as string[]);
  const monitoring = [...updates].reverse().find((u) => u.status === 'monitoring');
  return {
    id: i.id,
    name: i.name,
    status: i.status,
    created_at: i.created_at,
    updated_at: i.updated_at,
    monitoring_at: monitoring?.created_at ?? null,
    resolved_at: i.resolved_at,
    impact: i.impact,
    shortlink: `${data.info.url}#${i.id}`,
    started_at: i.created_at,
    page_id: data.info.id,
    incident_updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      body: u.body,
      incident_id: i.id,
      created_at: u.created_at,
      updated_at: u.created_at,
      display_at: u.created_at,
      affected_components: null,
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    })),
    components: data.components.filter((c) => ids.has(c.id)).map((c) => componentJson(c, data.info.id)),
  };
}

export function pageJson(data: PageData): Summary['page'] {
  return { id: data.info.id, name: data.info.name, url: data.info.url, time_zone: 'Etc/UTC', updated_at: data.updatedAt };
}

export function summaryJson(data: PageData): Summary {
  return {
    page: pageJson(data),
    components: data.components.map((c) => componentJson(c, data.info.id)),
    // Statuspage's summary lists unresolved incidents only.
    incidents: data.open.map((i) => incidentJson(i, data)),
    scheduled_maintenances: [],
    status: data.status,
  };
}

export function statusJson(data: PageData): Pick<Summary, 'page' | 'status'> {
  return { page: pageJson(data), status: data.status };
}

/**
 * JSON with <, >, & and the JS line separators as \u escapes: it parses to exactly the same
 * text, but no byte sequence in it can be taken for markup if a browser or widget sniffs it.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
