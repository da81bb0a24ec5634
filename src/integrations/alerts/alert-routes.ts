/**
 * POST /alerts/alertmanager, /alerts/grafana, /alerts/generic on the bot's own HTTP server.
 * Order matters: authenticate (401, nothing stored), parse (400 naming the first problem),
 * store, and only then 202, so a crash after the answer loses nothing. The 1 MiB body cap
 * (413) is the server's, applied before any route runs.
 */
import type { Logger } from 'pino';
import { readBody } from '../../http/body.js';
import { sendJson } from '../../http/json-response.js';
import type { HttpRoute } from '../../http/route.js';
import type { AlertInbox } from './alert-inbox.js';
import { bearerMatches } from './bearer-auth.js';
import { AlertPayloadError, normalizePayload } from './normalize.js';
import { ALERT_SOURCES, type AlertSource } from './types.js';

export interface AlertRoutesDeps {
  /** OPSBRIDGE_ALERTS_TOKEN; without it no route is mounted */
  token?: string;
  inbox: AlertInbox;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** called after a notification is stored (the processor picks it up) */
  accepted(id: string): void;
}

export function alertRoutes(deps: AlertRoutesDeps): HttpRoute[] {
  const { token } = deps;
  if (!token) {
    deps.logger.info('alert webhooks are off: set OPSBRIDGE_ALERTS_TOKEN to accept POST /alerts/alertmanager, /alerts/grafana and /alerts/generic');
    return [];
  }
  return ALERT_SOURCES.map((source) => ({
    method: 'POST' as const,
    path: `/alerts/${source}`,
    handle: async (req, res) => {
      if (!bearerMatches(req, token)) {
        deps.logger.warn({ source, remote: req.socket.remoteAddress }, 'alert webhook refused: missing or wrong bearer token');
        sendJson(res, 401, { error: 'unauthorized', message: 'send Authorization: Bearer <OPSBRIDGE_ALERTS_TOKEN>' }, { 'www-authenticate': 'Bearer realm="opsbridge alerts"' });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(readBody(req).toString('utf8'));
      } catch {
        sendJson(res, 400, { error: 'bad_request', path: '(root)', message: 'the body is not JSON' });
        return;
      }
      let id: string;
      let alerts: number;
      try {
        const notification = normalizePayload(source as AlertSource, body);
        alerts = notification.alerts.length;
        id = await deps.inbox.add(notification);
      } catch (err) {
        if (err instanceof AlertPayloadError) {
          sendJson(res, 400, { error: 'bad_request', path: err.path, message: `${source} payload: ${err.message}` });
          return;
        }
        throw err;
      }
      sendJson(res, 202, { status: 'accepted', id, alerts });
      deps.accepted(id);
    },
  }));
}
