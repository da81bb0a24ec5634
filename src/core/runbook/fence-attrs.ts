/**
 * Fence info-string attributes, in both of Runme's forms:
 *   ```sh { safe timeout=120s }        key=value pairs, bare keys mean true (no spaces in values)
 *   ```sh {"approve":true,"quorum":2}  JSON (tried first, as Runme does)
 * Unknown keys and bad values become problems; the block keeps what could be read.
 */
import { parseDuration } from '../duration.js';
import type { BlockAttrs, Problem } from './model.js';

/** Keys opsbridge acts on, plus `name` (Runme's step name, shown in the channel). */
const KNOWN = new Set(['safe', 'approve', 'manual', 'timeout', 'quorum', 'name']);
const MAX_TIMEOUT_MS = 24 * 3_600_000;

export function parseFenceAttrs(meta: string | null | undefined, line: number): { attrs: BlockAttrs; problems: Problem[] } {
  const attrs: BlockAttrs = {};
  const problems: Problem[] = [];
  const text = (meta ?? '').trim();
  if (!text) return { attrs, problems };
  const warn = (message: string): void => void problems.push({ line, severity: 'warning', message });
  const fail = (message: string): void => void problems.push({ line, severity: 'error', message });

  if (!text.startsWith('{') || !text.endsWith('}')) {
    warn(`fence info "${text}" after the language is not an attribute block like {safe} or {approve timeout=120s}; ignored`);
    return { attrs, problems };
  }
  const raw = readRaw(text);
  if (!raw) {
    fail(`cannot read fence attributes ${text}; write {key=value ...} or JSON`);
    return { attrs, problems };
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN.has(key)) {
      warn(`unknown fence attribute "${key}" (known: safe, approve, manual, timeout, quorum, name)`);
      attrs[key] = value;
      continue;
    }
    if (key === 'safe' || key === 'approve' || key === 'manual') {
      const b = toBool(value);
      if (b === undefined) fail(`fence attribute ${key}=${String(value)} must be true or false`);
      else attrs[key] = b;
    } else if (key === 'timeout') {
      try {
        const ms = parseDuration(typeof value === 'number' ? `${value}s` : String(value));
        if (ms <= 0 || ms > MAX_TIMEOUT_MS) fail(`fence attribute timeout=${String(value)} must be between 1ms and 24h`);
        else attrs.timeout = ms;
      } catch {
        fail(`fence attribute timeout=${String(value)} is not a duration; use e.g. 30s, 2m`);
      }
    } else if (key === 'quorum') {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 20) fail(`fence attribute quorum=${String(value)} must be a whole number from 1 to 20`);
      else attrs.quorum = n;
    } else {
      attrs[key] = String(value);
    }
  }
  const flags = (['safe', 'approve', 'manual'] as const).filter((k) => attrs[k] === true);
  if (flags.length > 1) fail(`fence attributes ${flags.map((f) => `{${f}}`).join(' and ')} contradict each other`);
  return { attrs, problems };
}

function readRaw(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object' && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // not JSON: the key=value form
  }
  const inner = text.slice(1, -1).trim();
  const out: Record<string, unknown> = {};
  if (!inner) return out;
  for (const token of inner.split(/[\s,]+/)) {
    if (!token) continue;
    const m = /^([A-Za-z_][\w-]*)(?:=(.*))?$/.exec(token);
    if (!m) return undefined;
    let value: unknown = m[2] === undefined ? true : m[2];
    if (typeof value === 'string' && /^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

function toBool(value: unknown): boolean | undefined {
  if (value === true || value === 'true' || value === '') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}
