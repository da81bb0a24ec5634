/**
 * The incident side of alerts, on the real core: IncidentService declares (source "alert", the bot
 * as declarer, the alerts channel as origin), the adapter opens the incident channel where it can
 * (a thread in the origin channel where it cannot), and the run engine runs the runbook there
 * exactly as `/incident <runbook>` would: safe diagnostics at once, gated steps wait for approval.
 */
import type { Logger } from 'pino';
import type { Actor, ChannelRef, ChatAdapter } from '../../core/chat.js';
import type { IncidentService } from '../../core/incidents/incident-service.js';
import type { Incident } from '../../core/incidents/model.js';
import { incidentChannelName } from '../../core/incidents/text.js';
import type { Poster } from '../../core/poster.js';
import type { RunEngine } from '../../core/runs/run-engine.js';
import type { Runbook } from '../../core/runbook/model.js';
import { validateParams } from '../../core/runbook/params.js';
import { errorMessage } from '../../core/errors.js';
import type { AlertIncidentPort } from './alert-processor.js';

/** What an adapter may offer for incident channels (core/incidents/channel-port.ts). */
interface ChannelOpener {
  createChannel(req: { origin: ChannelRef; name: string; topic: string; invite: string[] }): Promise<ChannelRef>;
}

export interface AlertIncidentsDeps {
  incidents: IncidentService;
  poster: Poster;
  engine: RunEngine;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** runs started by alerts, so shutdown and tests can wait for them */
  track<T>(p: Promise<T>): Promise<T>;
}

export function alertIncidents(d: AlertIncidentsDeps): AlertIncidentPort {
  const botOn = (platform: string): Actor => ({ platform, id: 'opsbridge', name: 'opsbridge', roles: [] });
  return {
    async declare({ title, severity, runbookId, origin, actor }) {
      return d.incidents.declare({
        title,
        severity,
        actor: actor ?? botOn(origin.platform),
        platform: origin.platform,
        originChannelId: origin.id,
        source: 'alert',
        ...(runbookId ? { runbook: runbookId } : {}),
        // Someone pressing Declare in a storm message takes it; an alert alone leaves it to whoever claims it.
        ...(actor ? { commander: { id: actor.id, name: actor.name } } : {}),
      });
    },

    async openChannel(incident: Incident, origin: ChannelRef) {
      const adapter = d.poster.adapterFor(origin.platform) as ChatAdapter & { incidentChannels?: Partial<ChannelOpener> };
      const opener = adapter.incidentChannels;
      if (opener?.createChannel) {
        try {
          const channel = await opener.createChannel({ origin, name: incidentChannelName(incident.n, incident.title), topic: `${incident.ref} ${incident.severity}: ${incident.title}`, invite: [] });
          await d.incidents.setChannel(incident.id, { id: channel.id, name: channel.name ?? null, thread: null });
          await d.poster.post(origin, { blocks: [{ type: 'text', text: `🚨 ${incident.ref} (${incident.severity}) was declared from an alert: ${incident.title}. Work on it in #${channel.name ?? channel.id}.` }] });
          return { channel };
        } catch (err) {
          d.logger.warn({ err, incident: incident.ref }, 'could not open an incident channel; using a thread in the alerts channel');
          await d.poster.post(origin, { blocks: [{ type: 'text', text: `Could not open a channel for ${incident.ref} (${errorMessage(err)}); it lives in the thread below.` }] });
        }
      }
      const root = await d.poster.post(origin, { blocks: [{ type: 'header', text: `🚨 ${incident.ref} (${incident.severity}): ${incident.title}` }, { type: 'context', text: 'Declared from an alert. This thread is the incident channel.' }] });
      await d.incidents.setChannel(incident.id, { id: origin.id, name: origin.name ?? null, thread: root.id });
      return { channel: origin, thread: root.id };
    },

    async runRunbook(where, runbook: Runbook, incident: Incident) {
      let params: Record<string, string>;
      try {
        params = validateParams(runbook.params, {});
      } catch (err) {
        await d.poster.post(where.channel, { blocks: [{ type: 'text', text: `The ${runbook.id} runbook needs values before it can run (${errorMessage(err)}). Start it with /incident ${runbook.id} and the values.` }] }, { thread: where.thread });
        return;
      }
      const inv = { command: 'incident', args: runbook.id, actor: botOn(where.channel.platform), channel: where.channel, platform: where.channel.platform };
      // Not awaited: diagnostics may take a while, and the next alert should not wait for them.
      void d
        .track(d.engine.start(inv, runbook, { params, note: `started by an alert for ${incident.ref}` }))
        .catch((err: unknown) => d.logger.error({ err, incident: incident.ref, runbook: runbook.id }, 'alert runbook run failed'));
    },
  };
}
