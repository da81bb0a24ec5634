/**
 * A receiving app: verifies each POST with the stripe SDK's constructEvent (signature, 300 s
 * tolerance), exactly as a real app's webhook handler does, and counts what it accepted.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export class WebhookReceiver {
  /** accepted event ids, in arrival order */
  readonly received: { id: string; type: string }[] = [];
  readonly rejected: string[] = [];
  private counts = new Map<string, number>();
  private failures: { status: number; remaining: number }[] = [];
  private server: Server | undefined;
  private readonly sdk = new Stripe('sk_test_unused');
  url = '';

  constructor(readonly secret: string) {}

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      const fail = this.failures.find((f) => f.remaining > 0);
      if (fail) {
        fail.remaining--;
        res.writeHead(fail.status).end('temporarily unavailable');
        return;
      }
      try {
        const event = this.sdk.webhooks.constructEvent(raw, req.headers['stripe-signature'] ?? '', this.secret);
        this.received.push({ id: event.id, type: event.type });
        this.counts.set(event.id, (this.counts.get(event.id) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      } catch (err) {
        this.rejected.push((err as Error).message);
        res.writeHead(400).end(`Webhook Error: ${(err as Error).message}`);
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/stripe`;
    return this;
  }

  /** the next `count` requests answer `status` */
  failNext(status: number, count: number): void {
    this.failures.push({ status, remaining: count });
  }

  count(id: string): number {
    return this.counts.get(id) ?? 0;
  }

  duplicates(): number {
    let n = 0;
    for (const c of this.counts.values()) n += Math.max(0, c - 1);
    return n;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
