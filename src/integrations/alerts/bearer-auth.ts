/**
 * `Authorization: Bearer <token>`, as Alertmanager's `http_config.authorization` sends it.
 * Both sides are hashed before timingSafeEqual, so neither the token's content nor its length
 * leaks through response timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return false;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  // Compare something in every case, so a missing scheme costs the same as a wrong token.
  const presented = m ? m[1]! : '';
  const equal = timingSafeEqual(digest(presented), digest(token));
  return Boolean(m) && equal;
}
