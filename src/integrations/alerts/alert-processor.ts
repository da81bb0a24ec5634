/**
 * Turns stored notifications into incidents, one at a time in arrival order:
 *   - alerts are routed to runbooks and split by runbook; each (source, group, runbook) is one group;
 *   - a group with an open incident gets alert_firing / alert_resolved events, once per
 *     fingerprint and state change (a repeat notification changes nothing);
 *   - a group with something newly firing and no open incident declares one (or, past the storm
 *     limit, waits in the storm message): alert summary first, then the runbook's diagnostics;
 *   - when every alert of an incident has resolved, the channel is told (and, with
 *     alerts.autoMonitor, the status moves to monitoring).
 */
import type { Logger } from 'pino';
import type { Actor, ChannelRef } from '../../core/chat.js';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { IncidentService } from '../../core/incidents/incident-service.js';
import { isOpen, type Incident } from '../../core/incidents/model.js';
import type { Poster } from '../../core/poster.js';
import type { Runbook } from '../../core/runbook/model.js';
import type { Services } from '../../core/services.js';
import { AlertChanges } from './alert-changes.js';
import type { AlertGroups } from './alert-groups.js';
import { groupId, instanceId } from './alert-groups.js';
import { MAX_ATTEMPTS, type AlertInbox } from './alert-inbox.js';
import type { AlertRunRow, AlertRuns, StartOutcome } from './alert-runs.js';
import type { AlertStorm } from './alert-storm.js';
import { alertTitle, renderAlertSummary } from './render-alert.js';
import { routeAlert, type RouteVia } from './route-runbook.js';
import { alertSeverity, mostUrgent } from './severity.js';
import type { AlertNotification, NormalizedAlert } from './types.js';

export { MAX_EVENTS_PER_NOTIFICATION } from './alert-changes.js';

/** What the processor needs from the incident side (see alert-incidents.ts). */
export interface AlertIncidentPort {
  /** declares the incident (`onDeclared` runs once it is stored) and opens its channel (or thread); says where to post */
  open(input: { title: string; severity: string; runbookId?: string; origin: ChannelRef; actor?: Actor; onDeclared?: (incident: Incident) => Promise<void> }): Promise<{ incident: Incident; channel: ChannelRef; thread?: string }>;
  /** opens the channel of an incident a crash or failure left without one; says where it lives */
  ensureOpen(incident: Incident): Promise<{ incident: Incident; channel: ChannelRef; thread?: string }>;
  /** runs the runbook in the incident channel (safe diagnostics at once, gated steps wait); rejects, after saying so there, if it cannot start */
  runRunbook(where: { channel: ChannelRef; thread?: string }, runbook: Runbook, incident: Incident): Promise<void>;
}

interface Part {
  /** the runbook id this share was routed to ('' for none), even if that runbook is no longer loaded */
  key: string;
  runbook?: Runbook;
  via?: RouteVia;
  notes: string[];
  alerts: NormalizedAlert[];
}

export interface AlertProcessorDeps {
  services: Pick<Services, 'runbooks' | 'config' | 'logger'> & { clock: Clock };
  incidents: IncidentService;
  poster: Poster;
  port: AlertIncidentPort;
  inbox: AlertInbox;
  groups: AlertGroups;
  storm: AlertStorm;
  /** where alert incidents originate (alerts.channel for the platform in use) */
  origin: () => ChannelRef;
  /** the run each alert incident owes, kept until it has started (see alert-runs.ts) */
  runs: AlertRuns;
  /** fault injection for tests: called once the incident and its run marker are stored, before its channel opens */
  afterDeclared?: (incident: Incident) => void | Promise<void>;
  /** fault injection for tests: called once the incident's channel is open, before the summary and the run */
  afterOpened?: (incident: Incident) => void | Promise<void>;
}

const RETRY_MS = 5_000;

export { BOT } from './alert-changes.js';

export class AlertProcessor {
  private chain: Promise<void> = Promise.resolve();
  private readonly changes: AlertChanges;
  private log: Pick<Logger, 'info' | 'warn' | 'error'>;

  constructor(private readonly d: AlertProcessorDeps) {
    this.log = d.services.logger;
    this.changes = new AlertChanges({ incidents: d.incidents, groups: d.groups, poster: d.poster, clock: d.services.clock, config: d.services.config, logger: d.services.logger });
  }

  /** Queues one stored notification. */
  enqueue(id: string): Promise<void> {
    // Yield between notifications: SQLite answers synchronously, and without a turn of the event
    // loop a backlog would starve the HTTP server that is accepting the next ones.
    this.chain = this.chain.then(() => new Promise<void>((r) => setImmediate(r))).then(() => this.processOne(id));
    return this.chain;
  }

  /** Everything still pending (after a restart, or left by another replica). */
  async drainPending(): Promise<number> {
    let n = 0;
    for (;;) {
      const ids = await this.d.inbox.pending(500);
      if (ids.length === 0) return n;
      for (const id of ids) await this.enqueue(id);
      n += ids.length;
    }
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async processOne(id: string): Promise<void> {
    const row = await this.d.inbox.claim(id).catch((err: unknown) => void this.log.error({ err }, 'alert inbox unavailable'));
    if (!row) return;
    try {
      await this.handle(row.id, row.notification);
      await this.d.inbox.done(row.id);
    } catch (err) {
      this.log.error({ err, notification: row.id, attempts: row.attempts }, 'alert notification failed; it stays stored and is retried');
      await this.d.inbox.failed(row.id, row.attempts, errorMessage(err)).catch(() => undefined);
      // Again later (the store may be back by then); after MAX_ATTEMPTS it stays parked as failed.
      if (row.attempts < MAX_ATTEMPTS) this.d.services.clock.setTimeout(() => void this.enqueue(row.id), RETRY_MS * row.attempts);
    }
  }

  /** Routes every alert and handles each runbook's share as one group. */
  async handle(notificationId: string, n: AlertNotification): Promise<void> {
    for (const part of await this.partition(n)) await this.handleGroup(notificationId, n, part);
  }

  /**
   * Splits a notification by runbook. An alert already seen keeps the runbook it was routed to
   * then, so its resolution reaches the same incident even if the sender leaves out the hint
   * or the runbooks changed in between.
   */
  async partition(n: AlertNotification): Promise<Part[]> {
    const runbooks = this.d.services.runbooks.all();
    const known = await this.d.groups.runbooksOf(n.source, n.alerts);
    const parts = new Map<string, Part>();
    for (const a of n.alerts) {
      const earlier = known.get(instanceId(n.source, a));
      const r = earlier !== undefined ? { runbook: earlier ? this.d.services.runbooks.get(earlier) : undefined, via: undefined, notes: [], key: earlier } : { ...routeAlert(a, runbooks), key: undefined };
      const key = r.key ?? r.runbook?.id ?? '';
      const part = parts.get(key) ?? { key, runbook: r.runbook, via: r.via, notes: [], alerts: [] };
      part.via ??= r.via;
      for (const note of r.notes) if (!part.notes.includes(note)) part.notes.push(note);
      part.alerts.push(a);
      parts.set(key, part);
    }
    return [...parts.values()];
  }

  private severityOf(part: Part): { severity: string; notes: string[] } {
    const cfg = this.d.services.config.alerts;
    const results = part.alerts.map((a) => alertSeverity(a, cfg, part.runbook));
    const unknown = [...new Set(results.filter((r) => !r.known).map((r) => r.label ?? '(none)'))];
    const notes = unknown.length ? [`severity ${unknown.map((u) => `"${u.slice(0, 30)}"`).join(', ')} is not in alerts.severityMap, so ${cfg.defaultSeverity} was used`] : [];
    return { severity: mostUrgent(results.map((r) => r.severity)), notes };
  }

  private async handleGroup(notificationId: string, n: AlertNotification, part: Part): Promise<void> {
    const { groups } = this.d;
    const gid = groupId(n.source, n.groupKey, part.key || undefined);
    const group = await groups.get(gid);
    const incident = group?.incident_id ? await this.d.incidents.repo.get(group.incident_id) : undefined;
    if (group?.state === 'held') {
      await this.changes.observe(n, gid, part.alerts);
      await this.d.storm.refresh(group.storm_id);
      return;
    }
    if (incident && isOpen(incident.status)) {
      if (group!.state !== 'open') await groups.update(gid, { state: 'open' });
      // Declared, but a crash or failure came before its channel opened: open it now.
      const open = incident.channel ? incident : (await this.d.port.ensureOpen(incident)).incident;
      await this.changes.apply(notificationId, n, gid, open, part.alerts, true);
      // A retry after a failure between declaring and starting: the run it owes starts now.
      await this.d.runs.resumeOwn(incident.id);
      return;
    }
    if (!(await this.hasNewFiring(n, part.alerts))) {
      // Repeats of alerts whose incident is closed, or resolutions of alerts never seen firing.
      await this.changes.observe(n, gid, part.alerts);
      return;
    }
    const { severity } = this.severityOf(part);
    const title = alertTitle(n, part.alerts);
    if (!group) await groups.create({ id: gid, source: n.source, group_key: n.groupKey, runbook_id: part.key || null, state: 'new', severity, title, notification_id: notificationId });
    else await groups.update(gid, { notification_id: notificationId, severity, title, incident_id: null, storm_id: null });
    if ((await groups.declaredSince(this.d.storm.windowStart())) >= this.d.storm.limit) {
      if (await groups.transition(gid, ['new', 'open', 'closed', 'declaring'], 'held')) {
        await this.changes.observe(n, gid, part.alerts);
        await this.d.storm.hold(gid, this.d.origin());
        this.log.warn({ group: gid, title }, 'alert storm: group held for a person to declare');
      }
      return;
    }
    if (!(await groups.transition(gid, ['new', 'open', 'closed', 'declaring'], 'declaring'))) return;
    await this.declare(gid, notificationId, n, part);
  }

  /** Declares a held group (its storm message's Declare button). False if someone else did. */
  async declareHeld(gid: string, actor: Actor): Promise<boolean> {
    const group = await this.d.groups.get(gid);
    if (!group || group.state !== 'held' || !(await this.d.groups.transition(gid, ['held'], 'declaring'))) return false;
    const row = await this.d.inbox.body(group.notification_id);
    if (!row) return false;
    const part = (await this.partition(row)).find((p) => p.key === (group.runbook_id ?? '')) ?? { key: group.runbook_id ?? '', notes: [], alerts: row.alerts };
    try {
      await this.declare(gid, group.notification_id, row, part, actor);
    } catch (err) {
      // Back on the storm message, so the button still works once the cause is fixed.
      if (!(await this.d.groups.get(gid))?.incident_id) await this.d.groups.transition(gid, ['declaring'], 'held');
      throw err;
    }
    await this.d.storm.refresh(group.storm_id);
    return true;
  }

  private async declare(gid: string, notificationId: string, n: AlertNotification, part: Part, actor?: Actor): Promise<void> {
    const { severity, notes } = this.severityOf(part);
    const origin = this.d.origin();
    // The group link and the run marker are stored with the incident, before its channel opens:
    // a crash from here on neither declares it twice nor loses its run (alert-runs.ts).
    const run = part.runbook ? { runbookId: part.runbook.id, platform: origin.platform, channelId: origin.id } : undefined;
    let declaredId: string | undefined;
    let incident: Incident;
    try {
      const opened = await this.d.port.open({
        title: alertTitle(n, part.alerts),
        severity,
        runbookId: part.runbook?.id,
        origin,
        actor,
        onDeclared: async (declared) => {
          await this.d.runs.declared(gid, declared.id, run);
          declaredId = declared.id;
          await this.d.afterDeclared?.(declared);
        },
      });
      incident = opened.incident;
      const where = { channel: opened.channel, ...(opened.thread ? { thread: opened.thread } : {}) };
      await this.d.afterOpened?.(incident);
      await this.d.poster.post(where.channel, renderAlertSummary({ notification: n, alerts: part.alerts, severity, runbookId: part.runbook?.id, via: part.via, notes: [...part.notes, ...notes] }), { thread: where.thread });
      await this.changes.apply(notificationId, n, gid, incident, part.alerts, false);
    } catch (err) {
      // The marker stays: the retry of this notification (or a restart) opens what is missing and starts the run.
      if (declaredId) this.d.runs.abandon(declaredId);
      throw err;
    }
    if (run) await this.d.runs.begin(incident.id);
  }

  /** Starts the run a marker owes, in the incident's channel, unless the incident closed or the runbook is gone. */
  async startMarked(row: AlertRunRow): Promise<StartOutcome> {
    const found = await this.d.incidents.repo.get(row.incident_id);
    if (!found || !isOpen(found.status)) return { state: 'skipped', error: `the incident is ${found?.status ?? 'gone'}` };
    // A crash before its channel opened: open it first, so the run goes where the incident lives.
    const { incident, channel, thread } = await this.d.port.ensureOpen(found);
    const where = { channel, ...(thread ? { thread } : {}) };
    await this.d.runs.retarget(row.incident_id, { channelId: channel.id, ...(thread ? { threadId: thread } : {}) });
    const runbook = this.d.services.runbooks.get(row.runbook_id);
    if (!runbook) {
      const text = `The ${row.runbook_id} runbook is no longer loaded, so it did not start for ${incident.ref}. Pick another with /runbooks.`;
      await this.d.poster.post(where.channel, { blocks: [{ type: 'text', text }] }, { thread: where.thread });
      return { state: 'skipped', error: 'runbook not loaded' };
    }
    await this.d.port.runRunbook(where, runbook, incident);
    return { state: 'started' };
  }

  private async hasNewFiring(n: AlertNotification, alerts: NormalizedAlert[]): Promise<boolean> {
    const firing = alerts.filter((a) => a.status === 'firing');
    if (firing.length === 0) return false;
    const ids = firing.map((a) => instanceId(n.source, a));
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.d.groups.firingInstances(ids.slice(i, i + 500));
      for (const r of rows) seen.add(r);
    }
    return ids.some((id) => !seen.has(id));
  }
}
