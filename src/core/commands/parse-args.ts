/**
 * Turns the argument text of a slash command into options for its zod schema.
 * Splitting respects quotes but never evaluates anything: `$(x)`, `;` and globs stay literal text,
 * and the values only ever reach a step as validated environment variables.
 */
import { OpsError } from '../errors.js';

export const MAX_ARGS_LENGTH = 2000;

export function splitArgs(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) throw new OpsError('BAD_ARGS', `unclosed ${quote} quote in arguments`);
  if (started) tokens.push(current);
  return tokens;
}

export interface ArgLayout {
  positional?: string[];
  rest?: boolean;
}

/** `db step:3` with positional ['topic'] → { topic: 'db', step: '3' } */
export function parseArgs(text: string, layout: ArgLayout): Record<string, string> {
  if (text.length > MAX_ARGS_LENGTH) {
    throw new OpsError('BAD_ARGS', `arguments are too long (${text.length} characters; the limit is ${MAX_ARGS_LENGTH})`);
  }
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (const token of splitArgs(text)) {
    const m = /^([a-z][a-z0-9_-]*):(.*)$/i.exec(token);
    // `key:value` is a named option only when the key is not a URL scheme-looking positional value.
    if (m && !m[2]!.startsWith('//')) named[m[1]!.toLowerCase()] = m[2]!;
    else positional.push(token);
  }
  const names = layout.positional ?? [];
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const isLast = i === names.length - 1;
    const value = isLast && layout.rest ? positional.slice(i).join(' ') : positional[i];
    if (value !== undefined && value !== '') out[name] = value;
  });
  const extra = layout.rest ? [] : positional.slice(names.length);
  if (extra.length > 0) {
    throw new OpsError('BAD_ARGS', `unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.map((e) => JSON.stringify(e)).join(' ')}`);
  }
  for (const [k, v] of Object.entries(named)) {
    if (k in out) throw new OpsError('BAD_ARGS', `"${k}" given twice`);
    out[k] = v;
  }
  return out;
}
