/**
 * Canonical JSON: object keys sorted at every depth, no whitespace, after JSON's own
 * normalisation (undefined dropped, Dates as ISO strings, non-finite numbers as null). The same
 * value always gives the same text, so its hash is stable across processes and databases.
 */
export function canonicalJson(value: unknown): string {
  return stringifySorted(normalize(value));
}

/** The JSON value `value` becomes once stored (what a reader parses back). */
export function normalize(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

function stringifySorted(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifySorted).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stringifySorted(obj[k])}`).join(',')}}`;
}
