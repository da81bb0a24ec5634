import { describe, expect, it } from 'vitest';

import { canonicalJson } from '../../../src/core/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order, so equal data gives equal text', () => {
    const a = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'é' } });
    const b = canonicalJson({ a: { c: 'é', d: [3, { y: 2, z: 1 }] }, b: 1 });
    expect(a).toBe('{"a":{"c":"é","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(b).toBe(a);
  });

  it('normalises like JSON: undefined dropped, non-finite numbers null, dates ISO', () => {
    expect(canonicalJson({ u: undefined, n: Number.NaN, d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z","n":null}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
