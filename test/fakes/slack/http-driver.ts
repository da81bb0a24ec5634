/**
 * Drives an HTTP-mode receiver the way Slack does: signed requests (v0 HMAC-SHA256 over
 * `v0:{timestamp}:{rawBody}`), slash commands form-encoded, events as JSON, interactivity as
 * form field `payload`.
 */
import { createHmac } from 'node:crypto';

export interface SignedResponse {
  status: number;
  body: string;
}

export interface SendOptions {
  /** seconds since epoch; default now */
  timestamp?: number;
  /** sign with this secret instead (a wrong one) */
  secret?: string;
  /** send this signature verbatim */
  signature?: string;
}

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class SlackHttpDriver {
  constructor(
    readonly url: string,
    readonly signingSecret: string,
  ) {}

  slashCommand(fields: Record<string, string>, o: SendOptions = {}): Promise<SignedResponse> {
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', o);
  }

  event(payload: Record<string, unknown>, o: SendOptions = {}): Promise<SignedResponse> {
    return this.send(JSON.stringify(payload), 'application/json', o);
  }

  interactive(payload: Record<string, unknown>, o: SendOptions = {}): Promise<SignedResponse> {
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', o);
  }

  async send(body: string, contentType: string, o: SendOptions = {}): Promise<SignedResponse> {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = o.signature ?? slackSignature(o.secret ?? this.signingSecret, timestamp, body);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
    return { status: res.status, body: await res.text() };
  }
}
