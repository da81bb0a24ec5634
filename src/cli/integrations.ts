/**
 * What `start` and the console add around the core: the built-in status page routes, the status
 * updater (retries updates left pending by a crash), and the offer of a "monitoring" status update
 * when a rollback or a gated recovery finishes; alert webhooks in, pages and webhooks out.
 */
import type { CoreBot } from '../core/bot.js';
import type { Services } from '../core/services.js';
import type { HttpRoute } from '../http/route.js';
import { statusPageRoutes } from '../integrations/statuspage/page-routes.js';
import { proposeIncidentStatusUpdate } from '../integrations/statuspage/propose-incident-update.js';
import { proposeMonitoringUpdate } from '../integrations/statuspage/propose-monitoring.js';
import { statusRuntime, stopStatusRuntime } from '../integrations/statuspage/status-runtime.js';
import { wireAlerts } from '../integrations/alerts/alerts-runtime.js';
import { wirePaging } from '../integrations/paging/wire-paging.js';

export interface Integrations {
  routes: HttpRoute[];
  /** after bot.start(): work left by a crash (stored alerts, pending pages) is picked up */
  afterStart(): Promise<void>;
  stop(): Promise<void>;
}

export function wireIntegrations(bot: CoreBot, services: Services): Integrations {
  const routes: HttpRoute[] = [];
  const alerts = wireAlerts(bot, services);
  routes.push(...alerts.routes);
  const paging = wirePaging(bot, services);
  if (services.config.statuspage.builtin) {
    routes.push(...statusPageRoutes({ store: services.store, clock: services.clock, config: services.config, publicUrl: services.env.OPSBRIDGE_PUBLIC_URL }));
  }
  // Started now so updates left pending by a crash are retried without waiting for the next /status.
  void statusRuntime(services).ready.catch((err: unknown) => services.logger.warn({ err }, 'status updater did not start'));

  // An incident's status change (or resolution) proposes the matching status-page update.
  bot.incidents.onEvents(async (incident, events) => {
    for (const event of events) {
      if (event.type !== 'status_changed' && event.type !== 'resolved') continue;
      const { channel, thread } = bot.incidentDesk.where(incident);
      const requester = { platform: incident.platform, id: event.actor.id, name: event.actor.name, roles: [] };
      await proposeIncidentStatusUpdate(services, (req, origin) => bot.approvals.request(req, origin), incident, event, { channel, ...(thread ? { thread } : {}), requester }).catch((err: unknown) =>
        services.logger.warn({ err, incident: incident.ref }, 'status-page proposal failed'),
      );
    }
  });

  bot.engine.onFinished(async (run, status) => {
    if (status !== 'done') return;
    // A step run on its own (step:N) is a spot fix, not the recovery of an incident: it does not
    // speak for whatever status-page incident happens to be open.
    if ((JSON.parse(run.args) as { targeted?: boolean }).targeted) return;
    const steps = await bot.engine.runs.steps(run.id);
    const recovered = steps.some((s) => s.safety === 'approve' && s.status === 'succeeded');
    if (!recovered) return;
    const channel = { platform: run.platform, id: run.channel_id };
    const thread = run.thread_id ? { channel, id: run.thread_id } : undefined;
    const actor = { platform: run.platform, id: run.requester_id, name: run.requester_name, roles: [] };
    const args = JSON.parse(run.args) as { params?: Record<string, string> };
    await proposeMonitoringUpdate(
      { services, requestApproval: (req) => bot.approvals.request(req, { actor, channel, thread: req.thread }) },
      { action: run.command === 'rollback' ? `a rollback to ${args.params?.VERSION ?? 'a previous version'}` : `the ${run.runbook_id} runbook's recovery`, thread },
    );
  });

  return {
    routes,
    async afterStart() {
      await paging.start();
      await alerts.resume();
    },
    async stop() {
      await alerts.stop();
      paging.stop();
      await stopStatusRuntime(services);
    },
  };
}
