/**
 * IncidentService: the incident lifecycle over the store and the audit log. Platform-neutral and
 * usable without a person at the keyboard (an alert declares with the bot as actor and names the
 * origin channel). Every change is an audit event `incident.<type>`; the timeline is projected
 * from the audit log (timeline-projector.ts), so the audit stays the one record of who did what.
 *
 * Races are settled in the store: INC numbers by an atomic counter, status changes by a
 * conditional write on the old status (two people resolving at once: one wins, one `resolved`
 * event; the other is told it was already resolved).
 */
import { randomUUID } from 'node:crypto';
import { actorLabel } from '../actor-label.js';
import type { AuditLog } from '../audit/types.js';
import { iso, type Clock } from '../clock.js';
import { OpsError } from '../errors.js';
import type { Redactor } from '../redact/types.js';
import type { Store } from '../../store/types.js';
import { IncidentRepo } from './incident-repo.js';
import {
  checkTransition,
  emptyRoles,
  isOpen,
  parseSeverity,
  TIMELINE_TYPE_PATTERN,
  type Incident,
  type IncidentStatus,
  type Person,
  type Role,
  type Severity,
  type TimelineEvent,
} from './model.js';
import { cleanNote, cleanTitle, neutraliseMentions } from './text.js';
import { TimelineProjector } from './timeline-projector.js';

/** Who did it: a chat user (platform + stable id) or the bot / an alert source. */
export interface IncidentActor extends Person {
  platform?: string;
}

export interface DeclareInput {
  title: string;
  severity?: Severity | string | number;
  actor: IncidentActor;
  /** where it was declared (or where the alert is routed); the incident channel is opened from here */
  platform: string;
  originChannelId: string;
  source?: 'chat' | 'alert' | 'cli';
  /** default: the declarer, unless the declarer is the bot (then nobody until someone claims it) */
  commander?: Person | null;
  runbook?: string;
}

export interface EventInput {
  type: string;
  actor: IncidentActor;
  text: string;
  data?: Record<string, unknown>;
  /** when it happened, if not now (a pinned message's own time, an alert's startsAt) */
  at?: string;
  /** a second event with the same key is dropped (the same message pinned twice) */
  dedupe?: string;
}

export type IncidentListener = (incident: Incident, events: TimelineEvent[]) => Promise<void>;

export interface IncidentServiceDeps {
  store: Store;
  audit: AuditLog;
  clock: Clock;
  redactor: Redactor;
  defaultSeverity?: Severity;
}

export class IncidentService {
  readonly repo: IncidentRepo;
  readonly projector: TimelineProjector;
  private listeners: IncidentListener[] = [];
  private effects: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IncidentServiceDeps) {
    this.repo = new IncidentRepo(deps.store.db);
    this.projector = new TimelineProjector(deps.store.db, this.repo);
  }

  /** Called with each incident's newly projected events (summary edits, reminders, metrics). */
  onEvents(listener: IncidentListener): void {
    this.listeners.push(listener);
  }

  /**
   * Wraps an audit log so every append is projected onto the timeline at once. Installed once on
   * the bot's services: runs, approvals and status updates then reach the timeline by themselves.
   */
  tap(inner: AuditLog): AuditLog {
    return {
      append: async (event) => {
        const appended = await inner.append(event);
        await this.project();
        return appended;
      },
    };
  }

  /** Catches the timeline up with the audit log and tells the listeners. Idempotent. */
  async project(): Promise<TimelineEvent[]> {
    const fresh = await this.projector.catchUp();
    const byIncident = new Map<string, TimelineEvent[]>();
    for (const e of fresh) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
    for (const [id, events] of byIncident) {
      const incident = await this.repo.get(id);
      if (!incident) continue;
      await this.acknowledge(incident, events);
      // Chat side effects (summary edits, topics) run after the append returns, in order: the
      // caller of audit.append must not wait on a paced message edit.
      this.effects = this.effects.then(async () => {
        const now = (await this.repo.get(id)) ?? incident;
        for (const l of this.listeners) await l(now, events).catch(() => undefined);
      });
    }
    return fresh;
  }

  /** Resolves when every listener call scheduled so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.effects;
      await current;
      if (current === this.effects) return;
    }
  }

  private now(): string {
    return iso(this.deps.clock.now());
  }

  async get(refOrId: string): Promise<Incident> {
    const incident = await this.repo.find(refOrId);
    if (!incident) throw new OpsError('INCIDENT_NOT_FOUND', `There is no incident "${refOrId.slice(0, 40)}". /incidents lists the open ones.`);
    return incident;
  }

  list(opts: { open?: boolean } = {}): Promise<Incident[]> {
    return this.repo.list(opts);
  }

  /** The incident whose channel (or thread) this is, if any. */
  inChannel(platform: string, channelId: string, thread?: string | null): Promise<Incident | undefined> {
    return this.repo.byChannel(platform, channelId, thread);
  }

  async timeline(refOrId: string): Promise<TimelineEvent[]> {
    const incident = await this.get(refOrId);
    await this.project();
    return this.repo.events(incident.id);
  }

  async declare(input: DeclareInput): Promise<Incident> {
    const title = this.deps.redactor.redact(cleanTitle(input.title));
    const severity = input.severity !== undefined ? parseSeverity(input.severity) : (this.deps.defaultSeverity ?? 'SEV2');
    const n = await this.repo.allocateNumber();
    const id = randomUUID();
    const ref = `INC-${n}`;
    const at = this.now();
    const declarer = { id: input.actor.id, name: input.actor.name };
    const bot = input.source === 'alert' || input.actor.id === 'opsbridge' || input.actor.id === 'system';
    const commander = input.commander !== undefined ? input.commander : bot ? null : declarer;
    await this.repo.insert({
      id,
      n,
      ref,
      title,
      severity,
      status: 'investigating',
      source: input.source ?? 'chat',
      platform: input.platform,
      origin_channel_id: input.originChannelId,
      channel_id: null,
      channel_name: null,
      thread_id: null,
      summary_message_id: null,
      declared_by_id: declarer.id,
      declared_by_name: declarer.name,
      roles: JSON.stringify({ ...emptyRoles(), commander }),
      runbooks: JSON.stringify(input.runbook ? [input.runbook] : []),
      summary: null,
      declared_at: at,
      acknowledged_at: null,
      mitigated_at: null,
      resolved_at: null,
      cancelled_at: null,
      updated_at: at,
    });
    const incident = (await this.repo.get(id))!;
    await this.append(incident, { type: 'declared', actor: input.actor, text: `${ref} declared: ${title} (${severity})`, data: { severity, title, source: input.source ?? 'chat', commander } });
    return (await this.repo.get(id))!;
  }

  async setStatus(refOrId: string, status: IncidentStatus, actor: IncidentActor, message?: string): Promise<Incident> {
    if (status === 'resolved') return this.resolve(refOrId, actor, message);
    if (status === 'cancelled') return this.cancel(refOrId, actor, message);
    const incident = await this.get(refOrId);
    checkTransition(incident.ref, incident.status, status);
    const text = message ? cleanNote(message, 'status message') : undefined;
    const at = this.now();
    if (!(await this.repo.transition(incident.id, incident.status, status, { updated_at: at }))) return this.lostRace(incident, status);
    if (status === 'monitoring') await this.repo.setOnce(incident.id, 'mitigated_at', at);
    await this.append(incident, { type: 'status_changed', actor, text: `status ${incident.status} → ${status}${text ? `: ${text}` : ''}`, data: { from: incident.status, to: status, message: text ?? null } });
    return (await this.repo.get(incident.id))!;
  }

  async resolve(refOrId: string, actor: IncidentActor, summary?: string): Promise<Incident> {
    return this.close(refOrId, actor, 'resolved', summary);
  }

  async cancel(refOrId: string, actor: IncidentActor, reason?: string): Promise<Incident> {
    return this.close(refOrId, actor, 'cancelled', reason);
  }

  private async close(refOrId: string, actor: IncidentActor, to: 'resolved' | 'cancelled', why?: string): Promise<Incident> {
    const incident = await this.get(refOrId);
    checkTransition(incident.ref, incident.status, to);
    const text = why ? cleanNote(why, to === 'resolved' ? 'summary' : 'reason') : null;
    const at = this.now();
    const set = to === 'resolved' ? { resolved_at: at, summary: text, updated_at: at } : { cancelled_at: at, summary: text, updated_at: at };
    if (!(await this.repo.transition(incident.id, incident.status, to, set))) return this.lostRace(incident, to);
    if (to === 'resolved') await this.repo.setOnce(incident.id, 'mitigated_at', at);
    const label = to === 'resolved' ? 'resolved' : 'cancelled';
    await this.append(incident, { type: to, actor, text: `${incident.ref} ${label}${text ? `: ${text}` : ''}`, data: { from: incident.status, [to === 'resolved' ? 'summary' : 'reason']: text } });
    return (await this.repo.get(incident.id))!;
  }

  /** Someone else changed the status between our read and our write: say what it is now. */
  private async lostRace(incident: Incident, wanted: IncidentStatus): Promise<never> {
    const now = (await this.repo.get(incident.id))!;
    if (!isOpen(now.status)) throw new OpsError('INCIDENT_CLOSED', `${now.ref} was just ${now.status} by someone else; nothing was changed.`);
    throw new OpsError('STATUS_CONFLICT', `${now.ref} changed to ${now.status} while you were setting ${wanted}, so nothing was changed. Check the summary, then try again if ${wanted} is still right.`);
  }

  async setSeverity(refOrId: string, severity: Severity | string | number, actor: IncidentActor): Promise<Incident> {
    const incident = await this.get(refOrId);
    const to = parseSeverity(severity);
    this.requireOpen(incident);
    if (incident.severity === to) throw new OpsError('SEVERITY_UNCHANGED', `${incident.ref} is already ${to}.`);
    await this.repo.update(incident.id, { severity: to, updated_at: this.now() });
    await this.append(incident, { type: 'severity_changed', actor, text: `severity ${incident.severity} → ${to}`, data: { from: incident.severity, to } });
    return (await this.repo.get(incident.id))!;
  }

  async assignRole(refOrId: string, role: Role, person: Person, actor: IncidentActor): Promise<Incident> {
    const incident = await this.get(refOrId);
    this.requireOpen(incident);
    const who = { id: person.id, name: neutraliseMentions(person.name) };
    if (incident.roles[role]?.id === who.id) throw new OpsError('ROLE_UNCHANGED', `${who.name} is already the ${role} of ${incident.ref}.`);
    const before = incident.roles[role];
    await this.repo.updateRoles(incident.id, (roles) => ({ ...roles, [role]: who }), this.now());
    await this.append(incident, { type: 'role_assigned', actor, text: `${who.name} is now ${role}${before ? ` (was ${before.name})` : ''}`, data: { role, person: who, previous: before } });
    return (await this.repo.get(incident.id))!;
  }

  async note(refOrId: string, text: string, actor: IncidentActor): Promise<TimelineEvent[]> {
    const incident = await this.get(refOrId);
    return this.append(incident, { type: 'note', actor, text: cleanNote(text) });
  }

  async followup(refOrId: string, text: string, actor: IncidentActor): Promise<TimelineEvent[]> {
    const incident = await this.get(refOrId);
    return this.append(incident, { type: 'followup', actor, text: cleanNote(text, 'followup') });
  }

  /** A message 📌-pinned in the incident channel; the same message twice is one event. */
  async pin(refOrId: string, message: { id: string; author: Person; text: string; at: string }, actor: IncidentActor): Promise<TimelineEvent[] | 'duplicate'> {
    const incident = await this.get(refOrId);
    const dedupe = `pinned:${incident.id}:${message.id}`;
    if (await this.repo.hasDedupeKey(dedupe)) return 'duplicate';
    const text = neutraliseMentions(message.text).slice(0, 3000);
    const events = await this.append(incident, { type: 'pinned', actor, text: `${message.author.name}: ${text}`, at: message.at, dedupe, data: { message: message.id, author: { id: message.author.id, name: message.author.name }, pinnedBy: { id: actor.id, name: actor.name } } });
    return events.length ? events : 'duplicate';
  }

  /** Any other timeline event (alerts: `alert_firing`, `alert_resolved`). */
  async event(refOrId: string, input: EventInput): Promise<TimelineEvent[]> {
    if (!TIMELINE_TYPE_PATTERN.test(input.type)) throw new OpsError('BAD_EVENT_TYPE', `"${input.type}" is not a timeline event type (lower-case letters, digits, _)`);
    const incident = await this.get(refOrId);
    return this.append(incident, { ...input, text: neutraliseMentions(input.text).slice(0, 3000) });
  }

  async setChannel(id: string, channel: { id: string; name: string | null; thread: string | null }): Promise<void> {
    await this.repo.update(id, { channel_id: channel.id, channel_name: channel.name, thread_id: channel.thread, updated_at: this.now() });
  }

  async setSummaryMessage(id: string, messageId: string): Promise<void> {
    await this.repo.update(id, { summary_message_id: messageId });
  }

  private requireOpen(incident: Incident): void {
    if (!isOpen(incident.status)) throw new OpsError('INCIDENT_CLOSED', `${incident.ref} is ${incident.status}; nothing was changed.`);
  }

  /** First action by someone other than the declarer, or the commander's first action. */
  private async acknowledge(incident: Incident, events: TimelineEvent[]): Promise<void> {
    if (incident.acknowledgedAt) return;
    const human = events.find(
      (e) => e.type !== 'declared' && e.type !== 'reminder' && !['system', 'opsbridge'].includes(e.actor.id) && !e.type.startsWith('alert_') && (e.actor.id !== incident.declaredBy.id || e.actor.id === incident.roles.commander?.id),
    );
    if (human) await this.repo.setOnce(incident.id, 'acknowledged_at', human.at);
  }

  /** The one way an incident event is recorded: an audit event, then the projection. */
  private async append(incident: Incident, input: EventInput): Promise<TimelineEvent[]> {
    const { type, actor, text, data, at, dedupe } = input;
    const appended = await this.deps.audit.append({
      actor: actorLabel(actor),
      action: `incident.${type}`,
      subject: incident.ref,
      data: { ...data, incident: incident.id, ref: incident.ref, type, text, actor: { id: actor.id, name: actor.name }, ...(at ? { at } : {}), ...(dedupe ? { dedupe } : {}) },
    });
    await this.project();
    // By audit seq, not by what this call projected: a tapped audit log or another replica may
    // have projected it first.
    return this.repo.eventsBySeq(appended.seq);
  }
}
