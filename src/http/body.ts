/**
 * Request bodies are read once, by the server, before a route runs, so the size cap holds for
 * every route. The buffer is left on `req.rawBody`, the convention @slack/bolt's HTTP helpers
 * already honour (they skip re-reading a buffered request).
 */
import type { IncomingMessage } from 'node:http';

import { OpsError } from '../core/errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export type BufferedRequest = IncomingMessage & { rawBody?: Buffer };

/** Reads the whole body, rejecting with HTTP_BODY_TOO_LARGE past `limit` bytes. */
export function bufferBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new OpsError('HTTP_BODY_TOO_LARGE', `request body of ${declared} bytes exceeds ${limit}`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        // Stop buffering but keep draining, so the 413 can still be written on this socket.
        chunks.length = 0;
        reject(new OpsError('HTTP_BODY_TOO_LARGE', `request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(new OpsError('HTTP_BODY_READ', `could not read request body: ${err.message}`, { cause: err }));
    });
  });
}

/** The body the server buffered for this request (empty for bodiless requests). */
export function readBody(req: IncomingMessage): Buffer {
  return (req as BufferedRequest).rawBody ?? Buffer.alloc(0);
}
