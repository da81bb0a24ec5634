/**
 * A receiver of opsbridge's outgoing webhooks on 127.0.0.1, as a team's tooling would write
 * one: it checks X-Opsbridge-Signature (HMAC over "<t>.<body>", at most 5 minutes old) and
 * keeps what it accepted; it can be told to fail the next requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '../../../src/integrations/paging/webhook-signature.js';
import { readBody } from '../read-body.js';

export interface WebhookReceiver {
  url: string;
  accepted: { type: string; incident: { id: string; ref: string }; event: { id: string; type: string } }[];
  rejected: number;
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string, now: () => number = Date.now): Promise<WebhookReceiver> {
  const accepted: WebhookReceiver['accepted'] = [];
  const failures: number[] = [];
  const state = { rejected: 0 };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const fail = failures.shift();
    if (fail) {
      res.writeHead(fail).end();
      return;
    }
    const sig = req.headers['x-opsbridge-signature'];
    if (typeof sig !== 'string' || !verifySignature(secret, body, sig, Math.floor(now() / 1000))) {
      state.rejected++;
      res.writeHead(401).end();
      return;
    }
    accepted.push(JSON.parse(body));
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/opsbridge`,
    accepted,
    get rejected() {
      return state.rejected;
    },
    failNext(n, status = 503) {
      for (let i = 0; i < n; i++) failures.push(status);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
