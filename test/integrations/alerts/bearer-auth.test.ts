import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { bearerMatches } from '../../../src/integrations/alerts/bearer-auth.js';

const req = (authorization?: string) => ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage;
const TOKEN = 'alerts-token-0123456789abcdef';

describe('bearerMatches', () => {
  it('accepts exactly "Bearer <token>" (scheme in any case, as RFC 6750 allows)', () => {
    expect(bearerMatches(req(`Bearer ${TOKEN}`), TOKEN)).toBe(true);
    expect(bearerMatches(req(`bearer ${TOKEN}`), TOKEN)).toBe(true);
  });

  it('refuses missing, empty, other schemes, prefixes, extensions and tokens with extra words', () => {
    for (const h of [undefined, '', 'Bearer', `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN.slice(0, 10)}`, `Bearer ${TOKEN}0`, `Bearer ${TOKEN} extra`, `Bearer  ${TOKEN.toUpperCase()}`]) {
      expect(bearerMatches(req(h), TOKEN), String(h)).toBe(false);
    }
  });
});
