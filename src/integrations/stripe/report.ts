/**
 * Words for people: the dry-run summary, progress line and final report, as plain text (CLI)
 * and as Message documents (chat). One wording for both.
 */
import { formatDuration } from '../../core/duration.js';
import { msg, type Message } from '../../core/message.js';
import type { DryRunSummary } from './dry-run.js';
import type { ReplayProgress, ReplayReport } from './replay.js';
import { describePlan, type ReplayPlan } from './replay-session.js';

const at = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

export function summaryFields(plan: ReplayPlan, s: DryRunSummary): { label: string; value: string }[] {
  const d = describePlan(plan);
  const fields = [
    { label: 'Window', value: d.window },
    { label: 'Types', value: d.types },
    { label: 'Destination', value: d.destination },
    { label: 'Failed events', value: String(s.total) },
    { label: 'To deliver', value: `${s.toDeliver}${s.alreadyDelivered ? ` (${s.alreadyDelivered} already delivered, skipped)` : ''}` },
  ];
  if (s.first) fields.push({ label: 'First', value: `${s.first.id} ${s.first.type} at ${at(s.first.created)}` });
  if (s.last) fields.push({ label: 'Last', value: `${s.last.id} ${s.last.type} at ${at(s.last.created)}` });
  fields.push({ label: 'Estimated time', value: `${formatDuration(s.estimatedMs)} at ${s.rate}/s` });
  return fields;
}

export function byTypeLines(s: DryRunSummary, max = 15): string {
  const lines = s.byType.slice(0, max).map(([t, n]) => `${String(n).padStart(6)}  ${t}`);
  if (s.byType.length > max) lines.push(`   ... ${s.byType.length - max} more types`);
  return lines.join('\n') || '(none)';
}

export function summaryText(plan: ReplayPlan, s: DryRunSummary): string {
  return ['Stripe replay (dry run)', ...summaryFields(plan, s).map((f) => `  ${f.label}: ${f.value}`), '  By type:', byTypeLines(s)].join('\n');
}

export function summaryMessage(plan: ReplayPlan, s: DryRunSummary): Message {
  return { blocks: [msg.header('Stripe replay: dry run'), msg.fields(summaryFields(plan, s)), msg.code(byTypeLines(s))] };
}

export function progressLine(p: ReplayProgress): string {
  const n = p.total !== undefined ? `${p.done}/${p.total}` : String(p.done);
  const eta = p.etaMs !== undefined ? `, ETA ${formatDuration(p.etaMs)}` : '';
  return `${n} events (${p.delivered} delivered, ${p.skipped} skipped, ${p.failed} failed), ${p.rate.toFixed(1)}/s${eta}`;
}

export function progressMessage(p: ReplayProgress, cancellable = true): Message {
  const blocks = [msg.header('Stripe replay: running'), msg.text(progressLine(p))];
  if (cancellable) blocks.push(msg.context('React with ❌ or press Cancel to stop; what was delivered stays recorded.'), msg.buttons([{ id: 'cancel', label: 'Cancel', style: 'danger' }]));
  return { blocks };
}

export function reportHeadline(r: ReplayReport): string {
  const state = r.cancelled ? 'cancelled' : r.stopped ? 'stopped' : r.failed > 0 ? 'finished with failures' : 'finished';
  return `Stripe replay ${state}: ${r.delivered} delivered, ${r.skipped} skipped (already delivered), ${r.failed} failed in ${formatDuration(r.elapsedMs)}`;
}

export function failureLines(r: ReplayReport): string[] {
  const lines = r.failures.map((f) => `${f.id} ${f.type} (${at(f.created)}): ${f.reason}`);
  if (r.failed > r.failures.length) lines.push(`... and ${r.failed - r.failures.length} more`);
  return lines;
}

function tail(r: ReplayReport): string[] {
  const out: string[] = [];
  if (r.stopped) out.push(`Stopped: ${r.stopped.message}`);
  if (r.remaining > 0 || r.failed > 0 || r.cancelled || r.stopped) out.push(`${r.remaining} not attempted. Run the same replay again to resume: delivered events are skipped.`);
  return out;
}

export function reportText(r: ReplayReport): string {
  const lines = [reportHeadline(r)];
  const f = failureLines(r);
  if (f.length) lines.push('Failures:', ...f.map((l) => `  ${l}`));
  lines.push(...tail(r));
  return lines.join('\n');
}

export function reportMessage(r: ReplayReport): Message {
  const blocks = [msg.header(reportHeadline(r))];
  const f = failureLines(r);
  if (f.length) blocks.push(msg.text('Failures:'), msg.code(f.join('\n')));
  for (const t of tail(r)) blocks.push(msg.context(t));
  return { blocks };
}
