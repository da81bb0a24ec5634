/**
 * A minimal stand-in for the bot's HTTP server in adapter-level tests: mounts HttpRoutes on
 * 127.0.0.1. Full-flow tests use the real server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { HttpRoute } from '../../../src/http/route.js';

export async function serveRoutes(routes: HttpRoute[]): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routes.find((r) => r.method === req.method && r.path === url.pathname);
    if (!route) return void res.writeHead(404).end();
    Promise.resolve(route.handle(req, res, url)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
