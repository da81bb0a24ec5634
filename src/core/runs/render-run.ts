/** The run overview: one message, edited as steps progress. Rebuilt from stored rows each time. */
import { formatDuration } from '../duration.js';
import type { Message, MessageBlock, StepLine, StepStatus } from '../message.js';
import type { Runbook } from '../runbook/model.js';
import type { RunRow, StepRow } from './run-repo.js';

const MAX_SYMPTOMS = 600;

export function describeResult(step: StepRow): string | undefined {
  if (step.output === null && step.exit_code === null) return undefined;
  const head = [
    step.exit_code !== null ? `exit ${step.exit_code}` : step.signal ? `killed by ${step.signal}` : undefined,
    step.duration_ms !== null ? formatDuration(step.duration_ms) : undefined,
    step.truncated ? 'output truncated' : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const body = (step.output ?? '').trimEnd();
  return body ? `${head}\n${body}` : head;
}

export function stepTitle(runbook: Runbook, n: number): string {
  const block = runbook.blocks[n - 1];
  if (!block) return `step ${n}`;
  const firstLine = block.source.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? block.source.split('\n')[0] ?? '';
  const label = firstLine.trim().length > 60 ? firstLine.trim().slice(0, 57) + '…' : firstLine.trim();
  return `${block.section || 'Steps'} · ${label || block.lang} (${block.safety})`;
}

export function renderRun(runbook: Runbook, run: RunRow, steps: StepRow[], note?: string): Message {
  const symptoms = runbook.sections.find((s) => s.kind === 'symptoms')?.text.trim();
  const blocks: MessageBlock[] = [
    { type: 'header', text: `${runbook.severity ? runbook.severity + ' · ' : ''}${runbook.title} (${runbook.id})` },
    {
      type: 'fields',
      fields: [
        { label: 'Runbook', value: runbook.file },
        { label: 'Started by', value: run.requester_name },
        { label: 'Run', value: run.id },
      ],
    },
  ];
  if (symptoms) blocks.push({ type: 'text', text: `Symptoms: ${symptoms.length > MAX_SYMPTOMS ? symptoms.slice(0, MAX_SYMPTOMS) + '… (see runbook)' : symptoms}` });
  const lines: StepLine[] = steps.map((s) => {
    const block = runbook.blocks[s.n - 1];
    return {
      n: s.n,
      title: stepTitle(runbook, s.n),
      status: s.status as StepStatus,
      code: block?.source.trimEnd(),
      detail: describeResult(s),
    };
  });
  if (lines.length) blocks.push({ type: 'steps', steps: lines });
  const counts = countBy(steps.map((s) => s.status));
  blocks.push({
    type: 'context',
    text: [note, Object.entries(counts).map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(' · ')].filter(Boolean).join(' — '),
  });
  return { blocks };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
