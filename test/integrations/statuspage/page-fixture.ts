/** A real HTTP server with the built-in status page on a temp SQLite store, plus an updater to drive it. */
import { rm } from 'node:fs/promises';

import { pino } from 'pino';

import { configSchema } from '../../../src/config/schema.js';
import { createAuditLog } from '../../../src/core/audit/audit-log.js';
import { ManualClock } from '../../../src/core/clock.js';
import { createMetrics } from '../../../src/http/metrics.js';
import { createHttpServer } from '../../../src/http/server.js';
import { createBuiltinProvider } from '../../../src/integrations/statuspage/builtin-provider.js';
import { statusPageRoutes } from '../../../src/integrations/statuspage/page-routes.js';
import { knownComponentNames } from '../../../src/integrations/statuspage/status-runtime.js';
import { createStatusStore } from '../../../src/integrations/statuspage/status-store.js';
import { createStatusUpdater } from '../../../src/integrations/statuspage/status-updater.js';
import { tempSqliteStore } from '../../helpers/test-store.js';

export async function startStatusPage() {
  const clock = new ManualClock(Date.UTC(2026, 2, 14, 9, 30));
  const logger = pino({ level: 'silent' });
  const db = await tempSqliteStore();
  const config = configSchema.parse({ statuspage: { pageName: 'Acme <Cloud> & Co', builtinComponents: ['API', 'Dashboard', 'Webhooks'] } });
  const store = createStatusStore(db.db);
  await store.ensureComponents(knownComponentNames(config), new Date(clock.now()).toISOString());
  const updater = createStatusUpdater({ store, builtin: createBuiltinProvider({ store, clock }), external: [], audit: createAuditLog(db.db, clock), clock, logger });
  const server = createHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: statusPageRoutes({ store: db, clock, config }),
    readiness: async () => ({ store: await db.ping() }),
    metrics: createMetrics({ defaultMetrics: false }).registry,
    logger,
  });
  const port = await server.listen();
  return {
    base: `http://127.0.0.1:${port}`,
    clock,
    db,
    store,
    updater,
    async close() {
      updater.stop();
      await server.close();
      await db.close();
      await rm(db.dir, { recursive: true, force: true });
    },
  };
}

/** a message that tries HTML, script, markdown links, mentions and JSON-breaking characters */
export const HOSTILE = `<script>alert("pwned")</script> <img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) @everyone </p></li> " ' & \u2028 end`;
