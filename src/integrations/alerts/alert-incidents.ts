/**
 * The incident side of alerts, on the real core: the incident desk declares (source "alert", the
 * bot as declarer, the alerts channel as origin), opens the incident channel where the platform
 * can (a thread in the origin channel where it cannot) and links back; the runbook then runs
 * there exactly as `/incident <runbook>` would: safe diagnostics at once, gated steps wait.
 */
import type { Logger } from 'pino';
import type { Actor } from '../../core/chat.js';
import { errorMessage } from '../../core/errors.js';
import type { IncidentDesk } from '../../core/incidents/incident-desk.js';
import type { Poster } from '../../core/poster.js';
import type { Runbook } from '../../core/runbook/model.js';
import type { AlertIncidentPort } from './alert-processor.js';

export interface AlertIncidentsDeps {
  desk: IncidentDesk;
  poster: Poster;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** runs started by alerts, so shutdown and tests can wait for them */
  track<T>(p: Promise<T>): Promise<T>;
}

export function alertIncidents(d: AlertIncidentsDeps): AlertIncidentPort {
  const botOn = (platform: string): Actor => ({ platform, id: 'opsbridge', name: 'opsbridge', roles: [] });
  return {
    async open({ title, severity, runbookId, origin, actor, onDeclared }) {
      const declared = await d.desk.declare({
        ...(onDeclared ? { onDeclared } : {}),
        title,
        severity,
        actor: actor ?? botOn(origin.platform),
        origin,
        source: 'alert',
        ...(runbookId ? { runbook: runbookId } : {}),
        // Someone pressing Declare in a storm message takes it; an alert alone leaves it to whoever claims it.
        ...(actor ? { commander: { id: actor.id, name: actor.name } } : {}),
      });
      return declared;
    },

    ensureOpen: (incident) => d.desk.ensureOpen(incident),

    async runRunbook(where, runbook: Runbook, incident) {
      // An incident that is a thread gets its run in the thread where threads are channels (Discord).
      const channel = (await d.desk.runChannel(where.channel, where.thread).catch(() => undefined)) ?? where.channel;
      const inv = { command: 'incident', args: runbook.id, actor: botOn(where.channel.platform), channel, platform: where.channel.platform };
      try {
        await d.track(d.desk.startRun(inv, runbook, { params: {} }));
      } catch (err) {
        d.logger.error({ err, incident: incident.ref, runbook: runbook.id }, 'alert runbook run failed');
        // Most often a runbook that needs values (a required param) no alert can give.
        const text = `The ${runbook.id} runbook did not start by itself: ${errorMessage(err)}. Start it with /incident ${runbook.id} and the values it needs.`;
        await d.poster.post(where.channel, { blocks: [{ type: 'text', text }] }, { thread: where.thread }).catch(() => undefined);
        throw err;
      }
    },
  };
}
