/**
 * What a notification changes on an incident: each alert instance's new state (fired, resolved)
 * becomes a timeline event once (deduplicated per notification and instance), past
 * MAX_EVENTS_PER_NOTIFICATION summed up in one; changes are announced in the incident channel,
 * and when every alert has resolved the channel is told (with alerts.autoMonitor, monitoring).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { Actor } from '../../core/chat.js';
import type { Clock } from '../../core/clock.js';
import type { IncidentService } from '../../core/incidents/incident-service.js';
import { isOpen, type Incident } from '../../core/incidents/model.js';
import type { Poster } from '../../core/poster.js';
import { AlertAnnouncer, channelOf } from './alert-announce.js';
import { instanceId, type AlertGroups, type InstanceChange } from './alert-groups.js';
import { changeLine } from './render-alert.js';
import type { AlertNotification, NormalizedAlert } from './types.js';

/** the bot, as the actor of alert events on a timeline */
export const BOT: Actor = { platform: 'opsbridge', id: 'opsbridge', name: 'opsbridge', roles: [] };

/** Per notification, this many changes become their own timeline events; the rest are summed up in one. */
export const MAX_EVENTS_PER_NOTIFICATION = 50;

export interface AlertChangesDeps {
  incidents: IncidentService;
  groups: AlertGroups;
  poster: Poster;
  clock: Clock;
  config: Pick<Config, 'alerts'>;
  logger: Pick<Logger, 'warn'>;
}

export class AlertChanges {
  private readonly announcer: AlertAnnouncer;

  constructor(private readonly d: AlertChangesDeps) {
    this.announcer = new AlertAnnouncer(d.poster, d.clock);
  }

  async observe(n: AlertNotification, gid: string, alerts: NormalizedAlert[]): Promise<[NormalizedAlert, Exclude<InstanceChange, 'unchanged'>][]> {
    const changes: [NormalizedAlert, Exclude<InstanceChange, 'unchanged'>][] = [];
    for (const a of alerts) {
      const c = await this.d.groups.observe(n.source, gid, a);
      if (c !== 'unchanged') changes.push([a, c]);
    }
    return changes;
  }

  async apply(notificationId: string, n: AlertNotification, gid: string, incident: Incident, alerts: NormalizedAlert[], announce: boolean): Promise<void> {
    const changes = await this.observe(n, gid, alerts);
    if (changes.length === 0) return;
    const now = this.d.clock.now();
    for (const [a, c] of changes.slice(0, MAX_EVENTS_PER_NOTIFICATION)) {
      const when = c === 'fired' ? a.startsAt : a.endsAt;
      await this.d.incidents.event(incident.id, {
        type: c === 'fired' ? 'alert_firing' : 'alert_resolved',
        actor: BOT,
        text: changeLine(a, c),
        data: { source: n.source, fingerprint: a.fingerprint, startsAt: a.startsAt || null, endsAt: a.endsAt ?? null, labels: a.labels, notification: notificationId },
        ...(when && Date.parse(when) <= now ? { at: when } : {}),
        dedupe: `alert:${notificationId}:${instanceId(n.source, a)}:${c}`,
      });
    }
    const rest = changes.slice(MAX_EVENTS_PER_NOTIFICATION);
    for (const kind of ['fired', 'resolved'] as const) {
      const some = rest.filter(([, c]) => c === kind);
      if (!some.length) continue;
      await this.d.incidents.event(incident.id, {
        type: kind === 'fired' ? 'alert_firing' : 'alert_resolved',
        actor: BOT,
        text: `${some.length.toLocaleString('en-US')} more alerts ${kind === 'fired' ? 'firing' : 'resolved'} in the same notification`,
        data: { source: n.source, fingerprints: some.map(([a]) => a.fingerprint), notification: notificationId },
        dedupe: `alert:${notificationId}:${gid}:rest:${kind}`,
      });
    }
    if (announce) await this.announcer.say(incident, changes.map(([a, c]) => `${c === 'fired' ? '🔥' : '✅'} ${changeLine(a, c)}`));
    if (changes.some(([, c]) => c === 'resolved') && (await this.d.groups.firing(gid)) === 0) await this.allResolved(incident.id);
  }

  private async allResolved(incidentId: string): Promise<void> {
    const incident = await this.d.incidents.repo.get(incidentId);
    if (!incident || !isOpen(incident.status)) return;
    const where = channelOf(incident);
    let text = `✅ Every alert of ${incident.ref} has resolved.`;
    if (incident.status === 'monitoring') text += ' It is already in monitoring.';
    else if (this.d.config.alerts.autoMonitor) {
      await this.d.incidents.setStatus(incident.id, 'monitoring', BOT, 'every alert has resolved').catch((err: unknown) => this.d.logger.warn({ err }, 'could not set monitoring'));
      text += ' Status set to monitoring (alerts.autoMonitor). Resolve it with /incident resolve once you are sure.';
    } else text += ' If things look healthy, move it on with /incident status monitoring.';
    if (where) await this.d.poster.post(where.channel, { blocks: [{ type: 'text', text }] }, { thread: where.thread });
  }
}
