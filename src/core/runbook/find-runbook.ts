/**
 * `/incident db` → the runbook whose id or alias is "db", case-insensitively. A near miss gets
 * "did you mean" suggestions. Unicode look-alikes (Cyrillic "аpp", fullwidth "ｄｂ") never match:
 * the topic is NFKC-normalised and must then be plain ASCII id characters, or it only earns suggestions.
 */
import { closest } from './edit-distance.js';
import type { Runbook } from './model.js';

const ASCII_ID = /^[a-z0-9][a-z0-9._-]*$/;

export function findRunbook(runbooks: Runbook[], topic: string): { runbook: Runbook } | { suggestions: string[] } {
  const raw = topic.trim();
  const normal = raw.normalize('NFKC').toLowerCase();
  const names = new Map<string, Runbook>();
  for (const rb of runbooks) {
    for (const name of [rb.id, ...rb.aliases]) {
      const key = name.toLowerCase();
      if (!names.has(key)) names.set(key, rb);
    }
  }
  const exact = raw.toLowerCase();
  if (ASCII_ID.test(exact) && names.has(exact)) return { runbook: names.get(exact)! };
  // A look-alike or a typo: suggest, never guess. Compare on a folded form so "dь" still suggests "db".
  const folded = fold(normal);
  const suggestions = closest(folded, names.keys(), Math.max(2, Math.floor(folded.length / 3)));
  const ids = new Set<string>();
  for (const s of suggestions) ids.add(names.get(s)!.id);
  if (!ids.size && folded.length >= 2) {
    for (const [name, rb] of names) if (name.startsWith(folded) || folded.startsWith(name)) ids.add(rb.id);
  }
  return { suggestions: [...ids].slice(0, 5) };
}

/** Strip accents and map common Cyrillic/Greek look-alikes to ASCII, for suggestions only. */
function fold(s: string): string {
  const LOOKALIKE: Record<string, string> = {
    а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ь: 'b', в: 'b', к: 'k', м: 'm', н: 'h', т: 't',
    α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', τ: 't', β: 'b', υ: 'u', ε: 'e',
  };
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .split('')
    .map((c) => LOOKALIKE[c] ?? c)
    .join('');
}
