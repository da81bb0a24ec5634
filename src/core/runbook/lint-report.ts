/**
 * The `opsbridge lint --json` document (the DESIGN contract) and its human-readable table.
 * Problems that belong to no runbook (an unreadable path) get an entry of their own with the path
 * as `file`, so the document keeps one shape.
 */
import type { LoadProblem } from './load-runbooks.js';
import type { Problem, Runbook, Safety } from './model.js';

export interface LintBlock {
  line: number;
  lang: string;
  section: string;
  safety: Safety;
  reasons: string[];
}
export interface LintRunbook {
  file: string;
  id: string;
  title: string;
  blocks: LintBlock[];
  problems: Problem[];
}
export interface LintReport {
  runbooks: LintRunbook[];
}

export function lintReport(runbooks: Runbook[], loadProblems: LoadProblem[]): LintReport {
  const out: LintRunbook[] = runbooks.map((rb) => ({
    file: rb.file,
    id: rb.id,
    title: rb.title,
    blocks: rb.blocks.map((b) => ({ line: b.line, lang: b.lang, section: b.section, safety: b.safety, reasons: b.reasons })),
    problems: rb.problems.map((p) => ({ line: p.line, severity: p.severity, message: p.message })),
  }));
  const known = new Set(runbooks.map((rb) => rb.file));
  for (const p of loadProblems) {
    if (known.has(p.file)) continue;
    let entry = out.find((r) => r.file === p.file && !r.id);
    if (!entry) out.push((entry = { file: p.file, id: '', title: '', blocks: [], problems: [] }));
    entry.problems.push({ line: p.line, severity: p.severity, message: p.message });
  }
  return { runbooks: out };
}

export function lintExitCode(report: LintReport, strict: boolean): number {
  const problems = report.runbooks.flatMap((r) => r.problems);
  return problems.some((p) => p.severity === 'error' || strict) ? 1 : 0;
}

export function formatLintReport(report: LintReport): string {
  const out: string[] = [];
  const count = { safe: 0, approve: 0, manual: 0, error: 0, warning: 0 };
  for (const rb of report.runbooks) {
    out.push(rb.id ? `${rb.file}  ${rb.id}${rb.title && rb.title !== rb.id ? ` — ${rb.title}` : ''}` : rb.file);
    if (rb.blocks.length) {
      const rows = rb.blocks.map((b) => [String(b.line), b.section || '-', b.lang || '-', b.safety, b.reasons.join('; ')]);
      const header = ['LINE', 'SECTION', 'LANG', 'SAFETY', 'WHY'];
      const widths = header.map((h, i) => (i === 4 ? 0 : Math.min(32, Math.max(h.length, ...rows.map((r) => r[i]!.length)))));
      const fmt = (r: string[]): string => '  ' + r.map((c, i) => (i === 4 ? c : clip(c, widths[i]!).padEnd(widths[i]!))).join('  ').trimEnd();
      out.push(fmt(header));
      for (const r of rows) out.push(fmt(r));
      for (const b of rb.blocks) count[b.safety]++;
    } else if (rb.id) out.push('  (no fenced code blocks)');
    for (const p of rb.problems) {
      out.push(`  ${rb.file}:${p.line}  ${p.severity.padEnd(7)}  ${p.message}`);
      count[p.severity]++;
    }
    out.push('');
  }
  const n = report.runbooks.filter((r) => r.id).length;
  const blocks = count.safe + count.approve + count.manual;
  out.push(
    `${n} runbook${n === 1 ? '' : 's'}, ${blocks} block${blocks === 1 ? '' : 's'} (${count.safe} safe, ${count.approve} approve, ${count.manual} manual); ` +
      `${count.error} error${count.error === 1 ? '' : 's'}, ${count.warning} warning${count.warning === 1 ? '' : 's'}`,
  );
  return out.join('\n') + '\n';
}

/** Clip a table cell, marking the cut (section titles can be long). */
function clip(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, width - 1) + '…';
}
