/**
 * Masks secrets in anything opsbridge posts, stores or logs. First the exact values of every
 * secret the bot holds (its own environment and configured extras, in every encoding), then
 * patterns for secrets it does not know about (tokens a diagnostic printed, URL passwords).
 * `redact` is synchronous and cheap, for the hot path; `redactAsync` also runs secretlint.
 */
import type { Redactor } from './types.js';
import { isSecretEnvName } from './secret-names.js';
import { secretForms } from './secret-forms.js';
import { MASK, REDACT_PATTERNS } from './redact-patterns.js';
import { secretlintRedact } from './secretlint-redact.js';

/** shorter values are too likely to be ordinary words or numbers ("admin", "1234") */
const MIN_SECRET_LENGTH = 6;

export interface AsyncRedactor extends Redactor {
  /** redact(), then secretlint's recommended rules over the result */
  redactAsync(text: string): Promise<string>;
}

export interface RedactorOptions {
  env: Record<string, string | undefined>;
  /** literal secret values from configuration */
  extraValues?: string[];
  /** environment variable names that hold secrets although their names do not say so */
  extraEnvNames?: string[];
}

export function createRedactor(opts: RedactorOptions): AsyncRedactor {
  const values = secretValues(opts);
  const exact = exactMatcher(values);
  const redact = (text: string): string => {
    if (text.length === 0) return text;
    let out = exact ? text.replace(exact, MASK) : text;
    for (const p of REDACT_PATTERNS) {
      p.re.lastIndex = 0;
      out = out.replace(p.re, p.replace);
    }
    return out;
  };
  return {
    redact,
    redactAsync: async (text: string) => secretlintRedact(redact(text)),
  };
}

function secretValues(opts: RedactorOptions): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(opts.env)) {
    if (value !== undefined && isSecretEnvName(name, opts.extraEnvNames)) values.add(value);
  }
  for (const value of opts.extraValues ?? []) values.add(value);
  return [...values].filter((v) => v.length >= MIN_SECRET_LENGTH);
}

/** One alternation of every form of every value, longest first so a longer encoding wins. */
function exactMatcher(values: string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const value of values) for (const form of secretForms(value)) if (form.length >= MIN_SECRET_LENGTH) forms.add(form);
  if (forms.size === 0) return undefined;
  const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(sorted.join('|'), 'g');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
