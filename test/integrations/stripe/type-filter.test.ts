import { describe, expect, it } from 'vitest';
import { parseTypePatterns } from '../../../src/integrations/stripe/type-filter.js';

describe('parseTypePatterns', () => {
  it('maps one pattern (wildcard allowed) to type, several to types[]', () => {
    expect(parseTypePatterns('invoice.*')).toEqual({ type: 'invoice.*' });
    expect(parseTypePatterns(['invoice.paid', 'charge.failed,invoice.paid'])).toEqual({ types: ['invoice.paid', 'charge.failed'] });
    expect(parseTypePatterns(undefined)).toEqual({});
    expect(parseTypePatterns('*')).toEqual({});
  });

  it('rejects malformed patterns, wildcards among several, and more than 20 types', () => {
    expect(() => parseTypePatterns('Invoice Paid')).toThrow(expect.objectContaining({ code: 'STRIPE_BAD_TYPE' }));
    expect(() => parseTypePatterns('inv*ice.paid')).toThrow(/not an event type pattern/);
    expect(() => parseTypePatterns('invoice.*,charge.failed')).toThrow(/wildcard must be the only pattern/);
    expect(() => parseTypePatterns(Array.from({ length: 21 }, (_, i) => `custom.e${i}`))).toThrow(/at most 20/);
  });
});
