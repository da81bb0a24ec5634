/**
 * Every HTTP response body the bot sends passes the redactor, whichever route wrote it (status
 * page, readiness details, a Slack ack, an alert route's error): `writeHead` is held until the body
 * is known, text bodies are redacted, and Content-Length is set to the redacted length.
 * Binary bodies (images, fonts) pass untouched.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Redactor } from '../core/redact/types.js';

const TEXTUAL = /^(?:text\/|application\/(?:json|javascript|xml|x-www-form-urlencoded|[\w.+-]*\+json|[\w.+-]*\+xml))/i;

export function redactResponses(res: ServerResponse, redactor: Redactor): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  const writeHeadWithMessage = res.writeHead.bind(res) as (status: number, message: string, headers?: OutgoingHttpHeaders) => ServerResponse;
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  let held: { status: number; message?: string; headers: OutgoingHttpHeaders } | undefined;

  const textual = (): boolean => {
    const type = held?.headers['content-type'] ?? res.getHeader('content-type');
    return type === undefined || TEXTUAL.test(String(type));
  };
  const clean = (chunk: unknown): unknown => {
    if (!textual()) return chunk;
    if (typeof chunk === 'string') return redactor.redact(chunk);
    if (Buffer.isBuffer(chunk)) return Buffer.from(redactor.redact(chunk.toString('utf8')), 'utf8');
    return chunk;
  };
  /** sends the held head; Content-Length becomes the redacted body's length (none for a streamed body) */
  const flush = (bodyLength?: number): void => {
    const hadLength = res.getHeader('content-length') !== undefined || Object.keys(held?.headers ?? {}).some((k) => k.toLowerCase() === 'content-length');
    if (res.getHeader('content-length') !== undefined && !res.headersSent) res.removeHeader('content-length');
    if (!held) {
      if (hadLength && bodyLength !== undefined && !res.headersSent) res.setHeader('content-length', bodyLength);
      return;
    }
    const h = held;
    held = undefined;
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(h.headers)) if (k.toLowerCase() !== 'content-length') headers[k] = v;
    if (hadLength && bodyLength !== undefined) headers['content-length'] = bodyLength;
    if (h.message !== undefined) writeHeadWithMessage(h.status, h.message, headers);
    else writeHead(h.status, headers);
  };

  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const message = typeof rest[0] === 'string' ? rest[0] : undefined;
    const headers = (typeof rest[0] === 'string' ? rest[1] : rest[0]) as OutgoingHttpHeaders | undefined;
    held = { status, ...(message !== undefined ? { message } : {}), headers: { ...(headers ?? {}) } };
    return res;
  }) as ServerResponse['writeHead'];

  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    // a streamed body: its length is unknown up front, so it goes out chunked
    flush(undefined);
    return write(clean(chunk), ...rest);
  }) as ServerResponse['write'];

  res.end = ((...args: unknown[]) => {
    const first = args[0];
    if (typeof first === 'function' || first === undefined || first === null) {
      flush(undefined);
      return end(...args);
    }
    const body = clean(first);
    flush(typeof body === 'string' ? Buffer.byteLength(body) : Buffer.isBuffer(body) ? body.length : undefined);
    return end(body, ...args.slice(1));
  }) as ServerResponse['end'];
}
