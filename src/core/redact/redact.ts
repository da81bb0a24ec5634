/**
 * The one redactor: every string opsbridge posts, stores, logs, serves or prints passes here.
 * First the exact values in the secret registry, in every encoding (secret-forms.ts); then
 * patterns for secrets it does not know (tokens a diagnostic printed, URL passwords). A pattern
 * never rewrites a shell reference such as `${STRIPE_SECRET_KEY:-missing}` (var-references.ts),
 * and a token a pattern recognises is learned, so its other encodings are masked too.
 * `redact` is synchronous and cheap, for the hot path; `redactAsync` also runs secretlint.
 */
import type { Redactor } from './types.js';
import { secretForms } from './secret-forms.js';
import { MASK, REDACT_PATTERNS, type RedactPattern } from './redact-patterns.js';
import { SecretRegistry } from './secret-registry.js';
import { registerSecrets, type SecretSourceOptions } from './secret-sources.js';
import { secretlintFindings } from './secretlint-redact.js';
import { overlaps, varReferences, type Span } from './var-references.js';

export interface AsyncRedactor extends Redactor {
  /** redact(), then secretlint's recommended rules over the result */
  redactAsync(text: string): Promise<string>;
  /** the values being masked; add to it when the bot learns a secret at run time */
  readonly registry: SecretRegistry;
}

export type RedactorOptions = SecretSourceOptions & {
  /** start from an existing registry (several redactors over one set of secrets) */
  registry?: SecretRegistry;
};

export function createRedactor(opts: RedactorOptions): AsyncRedactor {
  const registry = opts.registry ?? new SecretRegistry();
  registerSecrets(registry, opts);
  let built = -1;
  let exact: RegExp | undefined;
  const exactMatcherNow = (): RegExp | undefined => {
    if (built !== registry.version) {
      exact = exactMatcher(registry.values());
      built = registry.version;
    }
    return exact;
  };
  const redact = (text: string): string => {
    if (text.length === 0) return text;
    const before = registry.version;
    let ranges = secretRanges(text, exactMatcherNow(), registry);
    // a token recognised just now may also occur in another encoding elsewhere in this text
    if (registry.version !== before) ranges = secretRanges(text, exactMatcherNow(), registry);
    return mask(text, ranges);
  };
  return {
    redact,
    registry,
    learn: (value, source) => registry.learn(value, source),
    redactAsync: async (text: string) => {
      const first = redact(text);
      const found = await secretlintFindings(first);
      if (found.length === 0) return first;
      for (const value of found) registry.learn(value, 'found by secretlint');
      return redact(first);
    },
  };
}

/**
 * Every range to mask, found on the original text: exact values first, then patterns. Working on
 * ranges (not on text already partly masked) means a known value inside a longer token cannot
 * leave the token's remainder unrecognised.
 */
function secretRanges(text: string, exact: RegExp | undefined, registry: SecretRegistry): Span[] {
  const ranges: Span[] = [];
  if (exact) {
    for (const m of text.matchAll(exact)) ranges.push({ start: m.index, end: m.index + m[0].length });
    ranges.push(...wrappedRanges(text, exact));
  }
  let refs: Span[] | undefined;
  for (const p of REDACT_PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      const { start, end } = secretPart(m, p);
      if (end <= start) continue;
      refs ??= text.includes('$') || text.includes('`') ? varReferences(text) : [];
      if (overlaps(refs, start, end)) continue;
      if (p.learn) registry.learn(text.slice(start, end), `recognised as a ${p.name}`);
      ranges.push({ start, end });
    }
  }
  return ranges;
}

/** Consecutive lines of base64 or hex, as `base64` (76 columns) and `xxd -p` (60) wrap their output. */
const WRAPPED_BLOCK = /^(?:[A-Za-z0-9+/=_-]{16,}\r?\n)+[A-Za-z0-9+/=_-]+/gm;

/**
 * Exact forms split across wrapped lines: each block is searched with its line breaks taken out,
 * and the matches mapped back onto the original text.
 */
function wrappedRanges(text: string, exact: RegExp): Span[] {
  const ranges: Span[] = [];
  for (const block of text.matchAll(WRAPPED_BLOCK)) {
    const offsets: number[] = [];
    let joined = '';
    for (let i = 0; i < block[0].length; i++) {
      const c = block[0][i]!;
      if (c === '\n' || c === '\r') continue;
      offsets.push(block.index + i);
      joined += c;
    }
    for (const m of joined.matchAll(exact)) ranges.push({ start: offsets[m.index]!, end: offsets[m.index + m[0].length - 1]! + 1 });
  }
  return ranges;
}

/** The part of a pattern match that MASK replaces: what the replacement does not keep. */
function secretPart(m: RegExpMatchArray, p: RedactPattern): Span {
  const replacement = p.replace.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
  const [keepBefore = '', keepAfter = ''] = replacement.split(MASK);
  const match = m[0];
  const start = m.index! + (match.startsWith(keepBefore) ? keepBefore.length : 0);
  const end = m.index! + match.length - (keepAfter && match.endsWith(keepAfter) ? keepAfter.length : 0);
  return { start, end };
}

/** Replaces each run of overlapping or touching ranges with one MASK. */
function mask(text: string, ranges: Span[]): string {
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  let i = 0;
  while (i < ranges.length) {
    const start = ranges[i]!.start;
    let end = ranges[i]!.end;
    while (++i < ranges.length && ranges[i]!.start <= end) end = Math.max(end, ranges[i]!.end);
    out += text.slice(at, start) + MASK;
    at = end;
  }
  return out + text.slice(at);
}

/** One alternation of every form of every value, longest first so a longer encoding wins. */
function exactMatcher(values: string[]): RegExp | undefined {
  const forms = new Set<string>();
  for (const value of values) for (const form of secretForms(value)) forms.add(form);
  if (forms.size === 0) return undefined;
  const sorted = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(sorted.join('|'), 'g');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
