/** The bot's HTTP server, shared by `start` and the console it falls back to. */
import type { ChatAdapter } from '../core/chat.js';
import type { Services } from '../core/services.js';
import type { HttpRoute } from '../http/route.js';
import { createHttpServer, type HttpServer } from '../http/server.js';
import { createMetrics } from '../http/metrics.js';

export async function serveHttp(services: Services, adapters: ChatAdapter[], routes: HttpRoute[]): Promise<{ server: HttpServer; port: number }> {
  const server = createHttpServer({
    port: services.config.port,
    routes,
    metrics: (services.metrics ?? createMetrics()).registry,
    logger: services.logger,
    readiness: async () => ({
      store: await services.store.ping().catch(() => false),
      ...Object.fromEntries(adapters.map((a) => [a.platform, a.ready()])),
    }),
  });
  const port = await server.listen();
  return { server, port };
}
