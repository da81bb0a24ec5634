/** The bot's HTTP server, shared by `start` and the console it falls back to. */
import type { ChatAdapter } from '../core/chat.js';
import { OpsError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import type { HttpRoute } from '../http/route.js';
import { createHttpServer, type HttpServer } from '../http/server.js';

export async function serveHttp(services: Services, adapters: ChatAdapter[], routes: HttpRoute[]): Promise<{ server: HttpServer; port: number }> {
  const metrics = services.metrics ?? (await import('../http/metrics.js')).createMetrics();
  const server = createHttpServer({
    port: services.config.port,
    host: services.config.host,
    routes,
    metrics: metrics.registry,
    logger: services.logger,
    redactor: services.redactor,
    readiness: async () => ({
      store: await services.store.ping().catch(() => false),
      ...Object.fromEntries(adapters.map((a) => [a.platform, a.ready()])),
    }),
  });
  const port = await server.listen().catch((err: NodeJS.ErrnoException) => {
    const { host, port: wanted } = services.config;
    if (err.code === 'EADDRINUSE') throw new OpsError('PORT_IN_USE', `port ${wanted} on ${host} is already in use: set PORT to a free port (or stop what is listening there)`, { cause: err });
    if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new OpsError('HOST_INVALID', `cannot listen on HOST=${host}: it is not an address of this machine`, { cause: err });
    if (err.code === 'EACCES') throw new OpsError('PORT_DENIED', `port ${wanted} needs privileges: set PORT to 1024 or above`, { cause: err });
    throw err;
  });
  return { server, port };
}
