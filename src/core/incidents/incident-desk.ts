/**
 * The incident in chat: opens its channel (or a thread when the platform refuses, saying which
 * scope or permission is missing), posts and pins the summary and keeps it current, links back
 * from the origin channel, keeps the channel topic, and sends reminders. Platform-neutral: it
 * talks to adapters only through the Poster and their optional IncidentChannelPort.
 */
import type { IncidentsConfig } from '../../config/incidents-schema.js';
import type { Actor, ChannelRef, ChatAdapter, Invocation, MessageRef } from '../chat.js';
import type { Runbook } from '../runbook/model.js';
import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import { errorMessage, isOpsError } from '../errors.js';
import type { Logger } from 'pino';
import type { Message } from '../message.js';
import type { Poster } from '../poster.js';
import { BOT } from './actor-of.js';
import { CHANNEL_FORBIDDEN, type IncidentChannelPort, type OpenedChannel } from './channel-port.js';
import type { DeclareInput, IncidentActor, IncidentService } from './incident-service.js';
import type { Incident, TimelineEvent } from './model.js';
import { Reminders } from './reminders.js';
import { incidentTopic, renderSummary, UPDATE_TYPES } from './render-summary.js';
import { incidentChannelName } from './text.js';

export const REMINDER_UPDATE = 'incident-post-update';
export const REMINDER_SNOOZE = 'incident-snooze';

export interface DeskDeps {
  service: IncidentService;
  poster: Poster;
  adapters: Map<string, ChatAdapter>;
  config: IncidentsConfig;
  clock: Clock;
  logger: Logger;
  /** starts a runbook run for an invocation (the bot's run engine, params validated) */
  startRun: (inv: Invocation, runbook: Runbook, opts: { step?: number; params: Record<string, string> }) => Promise<string>;
  /** resolve-time histogram; absent in tests that do not look */
  observeResolved?: (severity: string, seconds: number) => void;
}

export interface Declared {
  incident: Incident;
  /** where the incident lives now: its own channel, or the origin channel when it fell back to a thread */
  channel: ChannelRef;
  thread?: string;
}

export class IncidentDesk {
  readonly reminders: Reminders;
  private readonly service: IncidentService;
  private readonly opening = new Map<string, Promise<Declared>>();

  constructor(private readonly deps: DeskDeps) {
    this.service = deps.service;
    this.reminders = new Reminders(deps.service.repo.db, deps.clock, deps.config.reminders, (id, quiet) => this.remind(id, quiet));
    deps.service.onEvents((incident, events) => this.follow(incident, events));
  }

  startRun(inv: Invocation, runbook: Runbook, opts: { step?: number; params: Record<string, string> }): Promise<string> {
    return this.deps.startRun(inv, runbook, opts);
  }

  port(platform: string): IncidentChannelPort | undefined {
    return this.deps.adapters.get(platform)?.incidentChannels;
  }

  /** The incident this channel (or thread) belongs to, if any. */
  inChannel(channel: ChannelRef, thread?: string | null): Promise<Incident | undefined> {
    return this.service.inChannel(channel.platform, channel.id, thread);
  }

  /** Where an incident's messages go. */
  where(incident: Incident): { channel: ChannelRef; thread?: string } {
    const ch = incident.channel;
    if (!ch) return { channel: { platform: incident.platform, id: incident.originChannelId } };
    return { channel: { platform: incident.platform, id: ch.id, ...(ch.name ? { name: ch.name } : {}) }, ...(ch.thread ? { thread: ch.thread } : {}) };
  }

  /**
   * Where a run for an incident living in `thread` of `channel` posts: the thread itself where the
   * platform's threads are channels (Discord); undefined elsewhere (the run gets its own thread
   * next to the incident's, as Slack cannot nest threads).
   */
  async runChannel(channel: ChannelRef, thread: string | undefined): Promise<ChannelRef | undefined> {
    if (!thread) return undefined;
    return this.port(channel.platform)?.threadAsChannel?.(channel, thread);
  }

  notify(actor: Actor, channel: ChannelRef, text: string): Promise<void> {
    return this.deps.poster.notify(actor, channel, text);
  }

  async say(incident: Incident, message: Message): Promise<MessageRef> {
    const { channel, thread } = this.where(incident);
    return this.deps.poster.post(channel, message, { thread });
  }

  /**
   * Declare, open the channel, post the summary, link back. Usable by a person or an alert.
   * `onDeclared` runs once the incident is stored and before its channel opens, so a caller can
   * record it (an alert's group) before the slow part that a crash may interrupt.
   */
  async declare(input: Omit<DeclareInput, 'platform' | 'originChannelId'> & { origin: ChannelRef; onDeclared?: (incident: Incident) => Promise<void> }): Promise<Declared> {
    const { origin, onDeclared, ...rest } = input;
    const declared = await this.service.declare({ ...rest, platform: origin.platform, originChannelId: origin.id });
    await onDeclared?.(declared);
    return this.open(declared, origin, input.actor);
  }

  /**
   * Where the incident lives, opening its channel first if a crash (or a failure) stopped the
   * declare before it had one: the channel (or thread), the summary, the link back.
   */
  async ensureOpen(incident: Incident): Promise<Declared> {
    if (incident.channel) return { incident, ...this.where(incident) };
    // One opening per incident at a time: a restart's run recovery and a retried alert both ask.
    let opening = this.opening.get(incident.id);
    if (!opening) {
      opening = (async () => {
        const now = await this.service.get(incident.id);
        if (now.channel) return { incident: now, ...this.where(now) };
        const origin: ChannelRef = { platform: now.platform, id: now.originChannelId };
        return this.open(now, origin, { platform: now.platform, ...now.declaredBy });
      })().finally(() => this.opening.delete(incident.id));
      this.opening.set(incident.id, opening);
    }
    return opening;
  }

  private async open(declared: Incident, origin: ChannelRef, actor: IncidentActor): Promise<Declared> {
    const input = { actor };
    const name = incidentChannelName(declared.n, declared.title);
    const port = this.port(origin.platform);
    let channel: OpenedChannel | undefined;
    let why: string | undefined;
    if (port) {
      try {
        channel = await port.createChannel({ origin, name, topic: incidentTopic(declared), invite: this.invitees(origin.platform, input.actor) });
      } catch (err) {
        why = isOpsError(err, CHANNEL_FORBIDDEN) ? err.message : `the channel could not be created (${errorMessage(err)})`;
        this.deps.logger.warn({ incident: declared.ref, err: errorMessage(err) }, 'incident channel not created; using a thread');
      }
    } else {
      why = `${origin.platform} channels cannot be created by the bot`;
    }

    let thread: string | undefined;
    let summary: MessageRef;
    if (channel?.threadRoot) {
      // The incident is the thread under its summary (a Discord thread in the incidents channel).
      const where: ChannelRef = { platform: channel.platform, id: channel.id, ...(channel.name ? { name: channel.name } : {}) };
      summary = await this.deps.poster.post(where, renderSummary(declared, undefined, this.deps.clock.now()));
      thread = summary.id;
      await this.service.setChannel(declared.id, { id: channel.id, name, thread });
      channel = { ...where, name };
    } else if (channel) {
      await this.service.setChannel(declared.id, { id: channel.id, name: channel.name ?? name, thread: null });
      summary = await this.deps.poster.post(channel, renderSummary(declared, undefined, this.deps.clock.now()));
    } else {
      // Fallback: the summary is the root of a thread in the origin channel; the thread is the incident.
      channel = origin;
      summary = await this.deps.poster.post(origin, renderSummary(declared, undefined, this.deps.clock.now()));
      thread = summary.id;
      await this.service.setChannel(declared.id, { id: origin.id, name: origin.name ?? null, thread });
      await this.deps.poster.post(origin, { blocks: [{ type: 'text', text: `I could not open a channel for ${declared.ref}: ${why}. This thread is the incident channel instead.` }] }, { thread });
    }
    await this.service.setSummaryMessage(declared.id, summary.id);
    await this.pin(summary, declared);
    if (channel.id !== origin.id) {
      const by = input.actor.id === BOT.id ? '' : ` by ${input.actor.name}`;
      await this.deps.poster.post(origin, { blocks: [{ type: 'text', text: `🚨 ${declared.ref} declared${by}: ${declared.title} (${declared.severity}). It is handled in #${channel.name ?? name}.` }] });
    }
    const incident = await this.service.get(declared.id);
    await this.reminders.reset(incident.id, incident.severity, Date.parse(incident.declaredAt));
    return { incident, channel, ...(thread ? { thread } : {}) };
  }

  private invitees(platform: string, actor: IncidentActor): string[] {
    const responders = platform === 'slack' ? this.deps.config.responders.slack : platform === 'discord' ? this.deps.config.responders.discord : [];
    return [...new Set([...(actor.id === BOT.id ? [] : [actor.id]), ...responders])];
  }

  private async pin(ref: MessageRef, incident: Incident): Promise<void> {
    const port = this.port(ref.channel.platform);
    if (!port?.pin) return;
    try {
      await port.pin(ref);
    } catch (err) {
      const why = isOpsError(err, CHANNEL_FORBIDDEN) ? err.message : errorMessage(err);
      this.deps.logger.warn({ incident: incident.ref, err: why }, 'summary not pinned');
      await this.say(await this.service.get(incident.id), { blocks: [{ type: 'context', text: `The summary above is not pinned: ${why}.` }] }).catch(() => undefined);
    }
  }

  /** Reacts to new timeline events: summary, topic, reminders, metrics. */
  private async follow(incident: Incident, events: TimelineEvent[]): Promise<void> {
    const types = new Set(events.map((e) => e.type));
    try {
      const last = [...events].reverse().find((e) => UPDATE_TYPES.has(e.type));
      if (last && incident.summaryMessageId && !types.has('declared')) {
        const { channel, thread } = this.where(incident);
        // Not awaited: the poster paces edits (the latest content wins) and flushes on idle/stop.
        void this.deps.poster
          .update({ channel, id: incident.summaryMessageId, ...(thread ? { thread } : {}) }, renderSummary(incident, last, this.deps.clock.now()))
          .catch((err) => this.deps.logger.warn({ incident: incident.ref, err: errorMessage(err) }, 'summary edit failed'));
      }
      if (['status_changed', 'severity_changed', 'role_assigned', 'resolved', 'cancelled'].some((t) => types.has(t)) && incident.channel && !incident.channel.thread) {
        await this.port(incident.platform)?.setTopic?.(this.where(incident).channel, incidentTopic(incident));
      }
      if (types.has('resolved') || types.has('cancelled')) {
        await this.reminders.clear(incident.id);
        if (incident.resolvedAt) this.deps.observeResolved?.(incident.severity, (Date.parse(incident.resolvedAt) - Date.parse(incident.declaredAt)) / 1000);
      } else if (events.some((e) => e.type === 'status_changed' || e.type === 'status_page_update' || (e.type === 'note' && e.actor.id === incident.roles.commander?.id))) {
        await this.reminders.reset(incident.id, incident.severity);
      }
    } catch (err) {
      this.deps.logger.warn({ incident: incident.ref, err: errorMessage(err) }, 'incident follow-up failed');
    }
  }

  private async remind(incidentId: string, quietForMs: number): Promise<void> {
    const incident = await this.service.get(incidentId);
    const lead = incident.roles.commander ? `${incident.roles.commander.name}, ` : '';
    const text = `⏰ ${lead}${incident.ref} has had no status update for ${formatDuration(quietForMs)}. Post one (/incident status <investigating|identified|monitoring> <what changed>) or snooze this reminder.`;
    await this.say(incident, { blocks: [{ type: 'text', text }, { type: 'buttons', buttons: [{ id: REMINDER_UPDATE, label: 'Post update', style: 'primary' }, { id: REMINDER_SNOOZE, label: 'Snooze 30m' }] }] });
    await this.service.event(incident.id, { type: 'reminder', actor: BOT, text: `reminder: no update for ${formatDuration(quietForMs)}` });
  }

  /** The claim / reminder buttons on incident messages. True if handled. */
  async onButton(actionId: string, message: MessageRef, actor: Actor, notify: (text: string) => Promise<void>): Promise<boolean> {
    // Only our own buttons: other commands' buttons may share the prefix.
    if (actionId !== REMINDER_SNOOZE && actionId !== REMINDER_UPDATE && !actionId.startsWith('incident-claim-')) return false;
    const incident = await this.inChannel(message.channel, message.thread ?? message.id);
    if (!incident) {
      await notify('That button belongs to an incident I cannot find any more.');
      return true;
    }
    const who = { platform: actor.platform, id: actor.id, name: actor.name };
    if (actionId === REMINDER_SNOOZE) {
      await this.reminders.snooze(incident.id);
      await notify(`Snoozed: I will remind this channel again in 30 minutes unless ${incident.ref} gets an update.`);
      return true;
    }
    if (actionId === REMINDER_UPDATE) {
      await notify(`Post the update here: /incident status <investigating|identified|monitoring> <what changed>. It resets the reminder and proposes the matching status-page update.`);
      return true;
    }
    const role = actionId.slice('incident-claim-'.length);
    if (role !== 'commander' && role !== 'scribe' && role !== 'comms') return false;
    const holder = incident.roles[role];
    if (holder && holder.id !== actor.id) {
      await notify(`${holder.name} is already the ${role} of ${incident.ref}. To take it over: /incident role ${role} me`);
      return true;
    }
    if (holder) {
      await notify(`You are already the ${role} of ${incident.ref}.`);
      return true;
    }
    await this.service.assignRole(incident.id, role, who, who);
    return true;
  }

  start(): void {
    const smallest = Math.min(...(['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4'] as const).map((s) => this.reminders.intervalFor(s)));
    this.reminders.start(Math.max(1000, Math.min(5000, Math.floor(smallest / 2))));
  }

  stop(): Promise<void> {
    return this.reminders.stop();
  }
}
