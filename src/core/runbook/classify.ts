/**
 * The safety class of one fenced block: `safe` (runs on its own), `approve` (runs after approval)
 * or `manual` (shown, never run). Conservative: a block is safe only when every simple command in
 * its shell AST is proven read-only; unknown programs, nested scripts and file writes need approval;
 * unfilled placeholders and non-shell blocks are manual. Every decision says why.
 */
import { analyseShell } from './classify-shell.js';
import { misleadingText } from './classify-text.js';
import type { Safety } from './model.js';
import { findPlaceholders } from './placeholders.js';
import { q, type Verdict } from './rules/types.js';

export interface Classification {
  safety: Safety;
  reasons: string[];
  /** advice that does not change the class (a declared param written as a placeholder) */
  warnings?: string[];
  /** ways the block runs differently from how it displays (lint reports them as errors) */
  misleading?: string[];
}

export interface ClassifyOptions {
  params?: string[];
  /** directories a path computed at run time may point into (default /var/log) */
  readDirs?: string[];
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'zsh', 'shellscript', 'shell-script', 'ksh', 'posix']);
const TRANSCRIPT_LANGS = new Set(['console', 'shell-session', 'sh-session', 'terminal', 'shellsession']);
/** a line with something other than blanks and a comment */
const HAS_CODE = /^\s*[^\s#]/m;
const RANK: Record<Safety, number> = { safe: 0, approve: 1, manual: 2 };

export function classifyBlock(source: string, lang: string, opts?: ClassifyOptions): Classification {
  const l = lang.trim().toLowerCase();
  if (l && !SHELL_LANGS.has(l)) {
    if (TRANSCRIPT_LANGS.has(l)) return { safety: 'manual', reasons: [`a ${l} block is a transcript (prompts and output); shown, not run`] };
    if (l === 'sql' || l === 'pgsql' || l === 'postgresql' || l === 'postgres' || l === 'sqlite') {
      return { safety: 'manual', reasons: [`a ${l} block has no runner (wrap it in psql -c or a heredoc to run it); shown, not run`] };
    }
    return { safety: 'manual', reasons: [`a ${l} block is not a shell script; shown, not run`] };
  }
  if (!HAS_CODE.test(source)) return { safety: 'manual', reasons: [source.trim() ? 'the block holds only comments' : 'the block is empty'] };

  const declared = new Set((opts?.params ?? []).map((p) => p.toUpperCase()));
  const warnings: string[] = [];
  const blocking: string[] = [];
  for (const p of findPlaceholders(source)) {
    if (declared.has(p.name)) warnings.push(`${p.text} names the declared param ${p.name}: write "$${p.name}" (it reaches the script as an environment variable)`);
    else blocking.push(`${p.text} is a placeholder to fill in by hand`);
  }
  if (blocking.length) return withWarnings({ safety: 'manual', reasons: blocking }, warnings);

  const misleading = misleadingText(source);
  let analysis;
  try {
    analysis = analyseShell(source, { params: declared, readDirs: opts?.readDirs });
  } catch (e) {
    return withWarnings({ safety: 'approve', reasons: [`the shell parser failed (${(e as Error).message}), so nothing is proven`] }, warnings);
  }
  const { verdicts, unknownPrograms } = analysis;
  misleading.push(...analysis.misleading);
  if (misleading.length) {
    return withWarnings({ safety: 'approve', reasons: misleading, misleading }, warnings);
  }
  // Without a language the block may be prose or output, not a script: unknown words mean "show it".
  if (!l && unknownPrograms.length) {
    return withWarnings({ safety: 'manual', reasons: [`the block has no language and ${q(unknownPrograms[0]!)} is not a known command, so it is shown, not run`] }, warnings);
  }
  return withWarnings(combine(verdicts), warnings);
}

/** The worst class wins; its reasons are the ones that decided it (deduplicated, in order). */
export function combine(verdicts: Verdict[]): Classification {
  if (!verdicts.length) return { safety: 'manual', reasons: ['the block runs no commands'] };
  let worst: Safety = 'safe';
  for (const v of verdicts) if (RANK[v.safety] > RANK[worst]) worst = v.safety;
  const reasons = [...new Set(verdicts.filter((v) => v.safety === worst).map((v) => v.reason))];
  return { safety: worst, reasons };
}

function withWarnings(c: Classification, warnings: string[]): Classification {
  return warnings.length ? { ...c, warnings } : c;
}
