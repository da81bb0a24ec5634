/** Dotted-path lookup for probe expectations: "checks.db.status", "items.0.ok". */
import { isDeepStrictEqual } from 'node:util';

export function getPath(value: unknown, path: string): { found: boolean; value?: unknown } {
  let cur: unknown = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return { found: false };
    cur = (cur as Record<string, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** The first expectation that fails, described; undefined when all hold. */
export function firstMismatch(body: unknown, expect: Record<string, unknown>): string | undefined {
  for (const [path, wanted] of Object.entries(expect)) {
    const got = getPath(body, path);
    if (!got.found) return `${path} is missing, expected ${JSON.stringify(wanted)}`;
    if (!isDeepStrictEqual(got.value, wanted)) {
      return `${path} is ${short(JSON.stringify(got.value))}, expected ${short(JSON.stringify(wanted))}`;
    }
  }
  return undefined;
}

function short(s: string | undefined): string {
  if (s === undefined) return 'undefined';
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
