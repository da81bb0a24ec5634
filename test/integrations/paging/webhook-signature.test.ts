import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signBody, verifySignature } from '../../../src/integrations/paging/webhook-signature.js';

describe('webhook signature', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 over "<t>.<body>">', () => {
    const body = '{"type":"incident.declared"}';
    const expected = createHmac('sha256', 'secret-secret-secret').update(`1767225600.${body}`).digest('hex');
    expect(signBody('secret-secret-secret', body, 1767225600)).toBe(`t=1767225600,v1=${expected}`);
  });

  it('verifies only the same body, the same key and a fresh timestamp', () => {
    const h = signBody('k'.repeat(20), 'body', 1000);
    expect(verifySignature('k'.repeat(20), 'body', h, 1000)).toBe(true);
    expect(verifySignature('k'.repeat(20), 'body!', h, 1000)).toBe(false);
    expect(verifySignature('x'.repeat(20), 'body', h, 1000)).toBe(false);
    expect(verifySignature('k'.repeat(20), 'body', h, 1000 + 301)).toBe(false);
    expect(verifySignature('k'.repeat(20), 'body', 't=abc,v1=00', 1000)).toBe(false);
  });
});
