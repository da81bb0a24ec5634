import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/core/redact/redact.js';

const secret = 'Sup3r"Secret/Value+ü&x';
const r = createRedactor({ env: {}, extraValues: [secret] });

/** every encoding a tool might print the secret in */
const encodings: Array<[string, string]> = [
  ['plain', secret],
  ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
  ['JSON-escaped twice', JSON.stringify(JSON.stringify(secret).slice(1, -1)).slice(1, -1)],
  ['URL-encoded', encodeURIComponent(secret)],
  ['URL-encoded, lower-case escapes', encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())],
  ['form-encoded', new URLSearchParams({ p: secret }).toString().slice(2)],
  ['hex', Buffer.from(secret).toString('hex')],
  ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
  ['base64', Buffer.from(secret).toString('base64')],
  ['base64url', Buffer.from(secret).toString('base64url')],
];

describe('secretForms: a known value is masked in every encoding', () => {
  for (const [name, form] of encodings) {
    it(`masks the ${name} form`, () => {
      const out = r.redact(`before ${form} after`);
      expect(out).toBe('before [REDACTED] after');
    });
  }

  for (const offset of [0, 1, 2, 3, 4, 5]) {
    it(`masks the secret at byte offset ${offset} inside a longer base64 stream`, () => {
      const blob = Buffer.from(`${'p'.repeat(offset)}${secret}:trailing-bytes`).toString('base64');
      const out = r.redact(`Authorization: Basic-ish ${blob}`);
      // the characters that depend only on the secret's bytes are gone
      const inner = Buffer.from(secret).toString('base64').slice(4, -4);
      expect(out).toContain('[REDACTED]');
      expect(out).not.toContain(blob);
      for (let i = 0; i + 8 <= inner.length; i++) expect(out).not.toContain(inner.slice(i, i + 8));
    });
  }
});

describe('secretForms: encodings wrapped across lines', () => {
  const long = 'a-long-secret-value/"with+symbols-' + 'x9'.repeat(30);
  const lr = createRedactor({ env: {}, extraValues: [long] });
  const wrap = (s: string, width: number) => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');

  it('masks base64 wrapped at 76 columns, as `base64` prints it', () => {
    const b64 = Buffer.from(`user:${long}`).toString('base64');
    const out = lr.redact(`before\n${wrap(b64, 76)}\nafter`);
    expect(out).toMatch(/^before\n[^\n]*\[REDACTED\][^\n]*\nafter$/);
    const inner = Buffer.from(long).toString('base64').slice(8, -8);
    for (let i = 0; i + 8 <= inner.length; i += 4) expect(out).not.toContain(inner.slice(i, i + 8));
  });

  it('masks hex wrapped at 60 columns, as `xxd -p` prints it', () => {
    const hex = Buffer.from(long).toString('hex');
    const out = lr.redact(`${wrap(hex, 60)}\ndone`);
    expect(out).toBe('[REDACTED]\ndone');
  });
});
