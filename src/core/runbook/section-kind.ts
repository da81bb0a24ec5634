/**
 * Which part of an incident procedure a heading (or a bold label such as "**Diagnosis:**") names.
 * Authors write "Diagnosis", "2. Diagnose", "Common Causes & Fixes", "Verification"...:
 * match on words, case-insensitively, after dropping numbering.
 */
import type { SectionKind } from './model.js';

const RULES: [SectionKind, RegExp][] = [
  ['rollback', /\broll(?:ing)?[\s-]?back\b/],
  ['escalation', /\b(?:escalat\w*|contacts?|on[\s-]?call)\b/],
  ['causes', /\b(?:causes?|root[\s-]cause)\b/],
  ['symptoms', /\b(?:symptoms?|signs|alerts?)\b/],
  ['verify', /\b(?:verify|verification|validat\w*|confirm\w*|post[\s-]checks?|health[\s-]check)\b/],
  ['diagnosis', /\b(?:diagnos\w*|investigat\w*|triage|troubleshoot\w*|checks?)\b/],
  ['recovery', /\b(?:recover\w*|remediat\w*|mitigat\w*|fix(?:es)?|resolution|resolve|restore)\b/],
];

/**
 * A word every rule above needs (each rule's match contains one of these), tested once on the lower-cased
 * title: most titles ("Incident 4-2", "App Won't Start") hold none, and then no rule can match.
 */
const ANY_RULE = /roll|escalat|contact|call|cause|symptom|sign|alert|verif|validat|confirm|check|diagnos|investigat|triage|troubleshoot|recover|remediat|mitigat|fix|resol|restore/;

/** Titles repeat across runbooks ("Diagnosis", "Recovery:"): answers are remembered, a bounded number. */
const known = new Map<string, SectionKind>();
const MAX_KNOWN = 2000;

export function sectionKind(title: string): SectionKind {
  let kind = known.get(title);
  if (kind === undefined) {
    kind = ANY_RULE.test(title.toLowerCase()) ? kindOf(normaliseTitle(title)) : 'other';
    if (known.size >= MAX_KNOWN) known.clear();
    known.set(title, kind);
  }
  return kind;
}

function kindOf(t: string): SectionKind {
  for (const [kind, re] of RULES) if (re.test(t)) return kind;
  return 'other';
}

/** Lower case, numbering ("1.", "Step 2:") and trailing colon removed. */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/^\s*(?:step\s+)?\d+[.):]?\s*/, '')
    .replace(/[:\s]+$/, '')
    .trim();
}
