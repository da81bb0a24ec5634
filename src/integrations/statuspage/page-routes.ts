/**
 * Routes of the built-in public status page, mounted on the bot's HTTP server:
 * GET /status (HTML), /api/v2/status.json and /api/v2/summary.json (Statuspage format).
 */
import type { IncomingMessage } from 'node:http';

import type { Config } from '../../config/schema.js';
import type { Clock } from '../../core/clock.js';
import { iso } from '../../core/clock.js';
import { sendText } from '../../http/json-response.js';
import type { HttpRoute } from '../../http/route.js';
import type { Store } from '../../store/types.js';
import { loadPageData, safeJson, statusJson, summaryJson, type PageInfo } from './page-summary.js';
import { renderStatusPage } from './page-html.js';
import { knownComponentNames } from './status-runtime.js';
import { componentSlug } from './states.js';
import { createStatusStore } from './status-store.js';

export interface StatusPageDeps {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'statuspage'>;
  /** absolute URL of /status for the JSON `page.url`; default: from the request's Host */
  publicUrl?: string;
}

// The page runs no script and loads nothing: say so to the browser.
const HTML_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'cache-control': 'no-cache',
  'referrer-policy': 'no-referrer',
};
// Widgets on other sites read these, as they do Statuspage's.
const JSON_HEADERS = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };

export function statusPageRoutes(deps: StatusPageDeps): HttpRoute[] {
  const store = createStatusStore(deps.store.db);
  const cfg = deps.config.statuspage;
  let seeded: Promise<void> | undefined;

  async function data(req: IncomingMessage) {
    seeded ??= store.ensureComponents(knownComponentNames(deps.config), iso(deps.clock.now())).catch((err: unknown) => {
      seeded = undefined;
      throw err;
    });
    await seeded;
    const host = /^[a-z0-9.\-:[\]]+$/i.test(req.headers.host ?? '') ? req.headers.host! : 'localhost';
    const info: PageInfo = { id: componentSlug(cfg.pageName) || 'opsbridge', name: cfg.pageName, url: deps.publicUrl ?? `http://${host}/status` };
    return loadPageData(store, info, deps.clock);
  }

  return [
    {
      method: 'GET',
      path: '/status',
      handle: async (req, res) => sendText(res, 200, 'text/html; charset=utf-8', renderStatusPage(await data(req)), HTML_HEADERS),
    },
    {
      method: 'GET',
      path: '/api/v2/status.json',
      handle: async (req, res) => sendText(res, 200, 'application/json; charset=utf-8', safeJson(statusJson(await data(req))), JSON_HEADERS),
    },
    {
      method: 'GET',
      path: '/api/v2/summary.json',
      handle: async (req, res) => sendText(res, 200, 'application/json; charset=utf-8', safeJson(summaryJson(await data(req))), JSON_HEADERS),
    },
  ];
}
