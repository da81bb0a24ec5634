/**
 * Redacts every string inside a value (objects, arrays), leaving keys, numbers and structure as
 * they are: for payloads that leave the process as structured data (audit events, console JSON
 * lines, chat API bodies). `skipKeys` names fields that must pass untouched (an API's own token).
 */
import type { Redactor } from './types.js';

export function redactDeep<T>(value: T, redactor: Redactor, skipKeys: ReadonlySet<string> = new Set()): T {
  return walk(value, redactor, skipKeys) as T;
}

function walk(value: unknown, r: Redactor, skip: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return r.redact(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, r, skip));
  if (value && typeof value === 'object' && isPlain(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, skip.has(k) ? v : walk(v, r, skip)]));
  }
  return value;
}

/** Buffers, streams, class instances and the like pass as they are: only data is rewritten. */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * redactDeep, then the redactor over the serialized JSON as well: a value alone may not look
 * secret (`hunter22`) where `"password":"hunter22"` does. If masking the serialized form broke
 * the JSON (it never should), the deep-redacted value stands.
 */
export function redactJson<T>(value: T, redactor: Redactor): T {
  const deep = redactDeep(value, redactor);
  const text = JSON.stringify(deep);
  if (text === undefined) return deep;
  const masked = redactor.redact(text);
  if (masked === text) return deep;
  try {
    return JSON.parse(masked) as T;
  } catch {
    return deep;
  }
}
