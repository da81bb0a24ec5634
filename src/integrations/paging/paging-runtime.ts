/**
 * Pages out: listens to incident timeline events and turns them into deliveries.
 *  - PagerDuty: trigger when an incident is declared at (or raised to) a paging severity, or on
 *    `/incident page`; acknowledge when a person other than the bot becomes commander; resolve
 *    when it is resolved or cancelled. Every page, sent or failed, goes on the timeline.
 *  - Webhooks: every timeline event, as JSON, to every configured URL, signed.
 */
import type { Logger } from 'pino';
import type { PagingConfig } from '../../config/schema.js';
import { iso, type Clock } from '../../core/clock.js';
import type { Db } from '../../store/schema.js';
import { DeliveryQueue, type DeliveryRow } from './delivery-queue.js';
import { pdEvent, type PdAction, type PdIncident } from './pagerduty-event.js';
import { pagerDutySender, webhookSender } from './senders.js';

/** The parts of an incident and its timeline events paging needs (IncidentService's shapes). */
export interface PagingIncident extends PdIncident {
  platform: string;
  channel: { id: string; name: string | null; thread: string | null } | null;
}
export interface PagingEvent {
  id: string;
  incidentId: string;
  at: string;
  type: string;
  actor: { id: string; name: string };
  text: string;
  data: Record<string, unknown>;
}

/** How the runtime writes back onto the timeline (IncidentService.event). */
export type TimelineWriter = (incidentId: string, type: 'page_sent' | 'page_failed', text: string, data: Record<string, unknown>) => Promise<void>;

export const BOT_IDS = new Set(['opsbridge', 'system']);
const PAGE_EVENTS = new Set(['page_sent', 'page_failed']);

export interface PagingDeps {
  db: Db;
  clock: Clock;
  fetch: typeof fetch;
  config: PagingConfig;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  timeline: TimelineWriter;
}

export class PagingRuntime {
  readonly queue: DeliveryQueue;

  constructor(private readonly deps: PagingDeps) {
    this.queue = new DeliveryQueue(
      deps.db,
      deps.clock,
      { pagerduty: pagerDutySender(deps.config.pagerduty, deps.fetch, deps.clock), webhook: webhookSender(deps.config, deps.fetch, deps.clock) },
      deps.logger,
    );
    this.queue.onSettled((row, outcome, final) => this.recordPage(row, outcome.ok, final, outcome.error));
  }

  get pagerDutyEnabled(): boolean {
    return Boolean(this.deps.config.pagerduty.routingKey);
  }

  /** Resume deliveries left pending by a restart. */
  start(): Promise<void> {
    return this.queue.kick();
  }

  stop(): void {
    this.queue.stop();
  }

  async onEvents(incident: PagingIncident, events: PagingEvent[]): Promise<void> {
    for (const event of events) {
      for (const w of this.deps.config.webhooks) {
        await this.queue.enqueue({ kind: 'webhook', target: w.name ?? w.url, incidentId: incident.id, body: webhookBody(incident, event) });
      }
      if (!this.pagerDutyEnabled || PAGE_EVENTS.has(event.type)) continue;
      const action = await this.pagerDutyAction(incident, event);
      if (action) await this.sendPd(action, incident, event.text);
    }
  }

  /** `/incident page`: trigger now, whatever the severity. Says what it did. */
  async page(incident: PagingIncident, reason: string): Promise<string> {
    if (!this.pagerDutyEnabled) return 'PagerDuty is not configured (set PAGERDUTY_ROUTING_KEY); nobody was paged.';
    await this.sendPd('trigger', incident, reason);
    return `Paging on-call through PagerDuty for ${incident.ref}. The result will be on the timeline.`;
  }

  private async pagerDutyAction(incident: PagingIncident, event: PagingEvent): Promise<PdAction | undefined> {
    const paging = new Set<string>(this.deps.config.pagerduty.severities);
    const triggered = await this.triggered(incident.id);
    switch (event.type) {
      case 'declared':
        return paging.has(String(event.data.severity ?? incident.severity)) ? 'trigger' : undefined;
      case 'severity_changed':
        return !triggered && paging.has(String(event.data.to)) ? 'trigger' : undefined;
      case 'role_assigned': {
        const person = event.data.person as { id?: string } | undefined;
        return triggered && event.data.role === 'commander' && person?.id && !BOT_IDS.has(person.id) ? 'acknowledge' : undefined;
      }
      case 'resolved':
      case 'cancelled':
        return triggered ? 'resolve' : undefined;
      default:
        return undefined;
    }
  }

  private async triggered(incidentId: string): Promise<boolean> {
    const rows = await this.deps.db.selectFrom('deliveries').select('body').where('incident_id', '=', incidentId).where('kind', '=', 'pagerduty').execute();
    return rows.some((r) => (JSON.parse(r.body) as { event_action: string }).event_action === 'trigger');
  }

  private async sendPd(action: PdAction, incident: PagingIncident, reason: string): Promise<void> {
    await this.queue.enqueue({ kind: 'pagerduty', target: 'pagerduty', incidentId: incident.id, body: pdEvent(action, incident, iso(this.deps.clock.now()), reason) });
  }

  private async recordPage(row: DeliveryRow, ok: boolean, final: boolean, error?: string): Promise<void> {
    if (row.kind !== 'pagerduty' || !row.incident_id || (!ok && !final)) return;
    const action = (JSON.parse(row.body) as { event_action: PdAction }).event_action;
    const verb = { trigger: 'paged on-call', acknowledge: 'acknowledged the page', resolve: 'resolved the page' }[action];
    if (ok) await this.deps.timeline(row.incident_id, 'page_sent', `PagerDuty: ${verb}`, { action, attempts: row.attempts, delivery: row.id });
    else await this.deps.timeline(row.incident_id, 'page_failed', `PagerDuty ${action} failed after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}: ${error ?? 'unknown error'}`, { action, attempts: row.attempts, delivery: row.id, status: row.last_status });
  }
}

export function webhookBody(incident: PagingIncident, event: PagingEvent) {
  return {
    type: `incident.${event.type}`,
    incident: { id: incident.id, ref: incident.ref, title: incident.title, severity: incident.severity, status: incident.status, platform: incident.platform, channel: incident.channel },
    event: { id: event.id, at: event.at, type: event.type, actor: event.actor, text: event.text, data: event.data },
  };
}
