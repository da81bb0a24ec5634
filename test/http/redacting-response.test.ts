/** Real HTTP: whatever a route writes, the client never receives a secret the bot holds. */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';

import { createRedactor } from '../../src/core/redact/redact.js';
import { sendJson, sendText } from '../../src/http/json-response.js';
import { createMetrics } from '../../src/http/metrics.js';
import type { HttpRoute } from '../../src/http/route.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { forbiddenForms, printedForms } from '../helpers/secret-forms.js';

const SECRET = 'statuspage-key/"9+x';
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const text = printedForms(SECRET).join('\n');
const routes: HttpRoute[] = [
  { method: 'GET', path: '/json', handle: (_req, res) => sendJson(res, 200, { note: `key ${SECRET}`, text }) },
  { method: 'GET', path: '/html', handle: (_req, res) => sendText(res, 200, 'text/html; charset=utf-8', `<p>${text}</p>`) },
  {
    method: 'GET',
    path: '/stream',
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write(`first ${SECRET}\n`);
      res.end(Buffer.from(`then ${text}`));
    },
  },
  { method: 'GET', path: '/png', handle: (_req, res) => sendText(res, 200, 'image/png', SECRET) },
];

describe('HTTP responses pass the redactor', () => {
  it('masks JSON, HTML and streamed bodies, with a Content-Length that matches what is sent', async () => {
    server = createHttpServer({ port: 0, host: '127.0.0.1', routes, readiness: async () => ({}), metrics: createMetrics().registry, logger: pino({ level: 'silent' }), redactor: createRedactor({ env: {}, extraValues: [SECRET] }) });
    const base = `http://127.0.0.1:${await server.listen()}`;
    for (const path of ['/json', '/html', '/stream']) {
      const res = await fetch(base + path);
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body).toContain('[REDACTED]');
      for (const form of forbiddenForms(SECRET)) expect(body.includes(form), `${path}: ${form}`).toBe(false);
      const length = res.headers.get('content-length');
      if (length !== null) expect(Number(length)).toBe(Buffer.byteLength(body));
    }
    const json = (await (await fetch(`${base}/json`)).json()) as { note: string };
    expect(json.note).toBe('key [REDACTED]');
    // a binary body is passed as it is
    expect(await (await fetch(`${base}/png`)).text()).toBe(SECRET);
  });
});
