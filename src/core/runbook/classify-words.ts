/**
 * Words as the shell will see them, resolved statically where the block itself says the value:
 * quotes removed, ANSI-C escapes decoded (`$'\x2do'` is `-o`), variables the block assigns
 * substituted (and split into several words when unquoted, as the shell does). What only the run
 * time knows stays as written (`$DATABASE_URL`, `*.log`), so rules can see it is not a literal.
 */
import type { Word, WordPart } from 'unbash';
import { approve, q, type Verdict } from './rules/types.js';

/** name → the values the block may give it, or 'tainted' when it is read at run time (read, mapfile) */
export type VarTable = Map<string, string[] | 'tainted'>;

export interface WordContext {
  vars: VarTable;
  /** declared runbook params (their values come from chat users) */
  params: ReadonlySet<string>;
  problems: Verdict[];
}

const MAX_ALTERNATIVES = 16;

/** The argv alternatives of one word: usually one alternative of one word. */
export function resolveWord(word: Word, ctx: WordContext): string[][] {
  // without $ or a backtick nothing is substituted: the shell's value is the word without its quotes
  if (!/[$`]/.test(word.text) || !word.parts || word.parts.length === 0) return [[word.value]];
  let split = false;
  let alts = [''];
  for (const part of word.parts) {
    const r = partValues(part, ctx, false);
    split ||= r.split;
    alts = cross(alts, r.values);
  }
  return alts.map((a) => (split ? a.split(/[ \t\n]+/).filter(Boolean) : [a]));
}

/** One string per alternative (for assignment values and redirect targets). */
export function resolveText(word: Word, ctx: WordContext): string[] {
  return resolveWord(word, ctx).map((w) => w.join(' '));
}

function cross(alts: string[], values: string[]): string[] {
  const out: string[] = [];
  for (const a of alts) for (const v of values) if (out.length < MAX_ALTERNATIVES) out.push(a + v);
  return out;
}

function partValues(part: WordPart, ctx: WordContext, quoted: boolean): { values: string[]; split: boolean } {
  switch (part.type) {
    case 'Literal':
    case 'SingleQuoted':
    case 'AnsiCQuoted':
      return { values: [part.value], split: false };
    case 'DoubleQuoted':
    case 'LocaleString': {
      let alts = [''];
      for (const child of part.parts) alts = cross(alts, partValues(child, ctx, true).values);
      return { values: alts, split: false };
    }
    case 'SimpleExpansion':
      return expansion(part.text.slice(1), part.text, true, ctx, quoted);
    case 'ParameterExpansion':
      return expansion(part.parameter, part.text, !part.operation && !part.prefix && !part.index, ctx, quoted);
    default:
      // globs, brace expansion, command and arithmetic substitution: kept as written (gated elsewhere)
      return { values: [part.text], split: false };
  }
}

function expansion(name: string, text: string, plain: boolean, ctx: WordContext, quoted: boolean): { values: string[]; split: boolean } {
  const known = ctx.vars.get(name);
  if (known === 'tainted') {
    ctx.problems.push(approve(`${q(text)} holds text read at run time (read, mapfile), so the classifier cannot see the words it becomes`));
    return { values: [text], split: false };
  }
  if (known && plain) return { values: known, split: !quoted };
  if (!quoted && ctx.params.has(name)) {
    ctx.problems.push(approve(`the param ${q(text)} is not quoted, so a value with spaces would become several words or options; write "${text}"`));
  }
  if (known && !plain) {
    // ${X:-...} or ${X#...} of a variable the block sets: the value is the block's, shaped at run time
    return { values: known.map(() => text), split: false };
  }
  return { values: [text], split: false };
}
