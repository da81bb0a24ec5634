/**
 * Event type patterns → Stripe's list filter. Stripe takes either one `type` (which may use a `*`
 * wildcard segment, e.g. `invoice.*`) or `types[]` of up to 20 exact names, never both.
 */
import { OpsError } from '../../core/errors.js';

export type TypeFilter = { type?: string; types?: string[] };

const EXACT = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const WILDCARD = /^([a-z0-9_]+\.)+\*$/;
const MAX_TYPES = 20;

/** Accepts a list and/or comma-separated patterns; empty → no filter. */
export function parseTypePatterns(input: string | string[] | undefined): TypeFilter {
  const raw = (Array.isArray(input) ? input : input ? [input] : []).flatMap((s) => s.split(','));
  const patterns = [...new Set(raw.map((s) => s.trim()).filter(Boolean))];
  if (patterns.length === 0 || (patterns.length === 1 && patterns[0] === '*')) return {};
  for (const p of patterns) {
    if (!EXACT.test(p) && !WILDCARD.test(p)) {
      throw new OpsError(
        'STRIPE_BAD_TYPE',
        `"${p}" is not an event type pattern: use a name like invoice.payment_failed or a trailing wildcard like invoice.*`,
      );
    }
  }
  if (patterns.length === 1) return { type: patterns[0]! };
  const wild = patterns.find((p) => p.endsWith('*'));
  if (wild) {
    throw new OpsError(
      'STRIPE_BAD_TYPE',
      `"${wild}": a wildcard must be the only pattern (Stripe's types[] filter takes exact names)`,
    );
  }
  if (patterns.length > MAX_TYPES) {
    throw new OpsError('STRIPE_BAD_TYPE', `${patterns.length} event types given; Stripe filters on at most ${MAX_TYPES} at once`);
  }
  return { types: patterns };
}

/** The same matching Stripe applies, for summaries and the fake. */
export function typeMatches(filter: TypeFilter, type: string): boolean {
  if (filter.types) return filter.types.includes(type);
  if (!filter.type) return true;
  if (filter.type.endsWith('.*')) return type.startsWith(filter.type.slice(0, -1));
  return filter.type === type;
}

export function describeTypeFilter(filter: TypeFilter): string {
  return filter.type ?? filter.types?.join(', ') ?? 'all types';
}
