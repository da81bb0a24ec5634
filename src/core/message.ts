/**
 * The platform-neutral message document. Handlers build these; adapters render them
 * (Block Kit, Discord embeds, terminal text). Nothing here knows a platform's limits:
 * renderers split, never truncate.
 */
export type StepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'timed_out'
  | 'manual'
  | 'awaiting_approval'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'executing'
  | 'interrupted'
  | 'skipped';

export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'executing'
  | 'succeeded'
  | 'failed'
  | 'interrupted';

export interface StepLine {
  n: number;
  title: string;
  status: StepStatus;
  /** the step's shell source, shown as code */
  code?: string;
  /** redacted output or a reason, shown under the step */
  detail?: string;
}

export interface Button {
  /** stable id the adapter hands back in an Action: 'approve' | 'reject' | 'cancel' | ... */
  id: string;
  label: string;
  style?: 'primary' | 'danger';
}

export type MessageBlock =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'code'; text: string; lang?: string }
  | { type: 'steps'; steps: StepLine[] }
  | { type: 'context'; text: string }
  | { type: 'buttons'; buttons: Button[] };

export interface Message {
  blocks: MessageBlock[];
  /** what an approval request is about; adapters may show it, the console prints it in --json */
  approval?: { id: string; state: ApprovalState; step: number };
}

export const STATUS_ICON: Record<StepStatus, string> = {
  pending: '⏳',
  running: '🔄',
  succeeded: '✅',
  failed: '❌',
  timed_out: '⏱️',
  manual: '☐',
  awaiting_approval: '🔐',
  approved: '👍',
  rejected: '🚫',
  expired: '⌛',
  executing: '🔄',
  interrupted: '⚠️',
  skipped: '⏭️',
};

/** Plain-text rendering: the console uses it, and adapters use it for notification fallbacks. */
export function renderPlainText(msg: Message): string {
  const out: string[] = [];
  for (const b of msg.blocks) {
    switch (b.type) {
      case 'header':
        out.push(`*${b.text}*`);
        break;
      case 'text':
      case 'context':
        out.push(b.text);
        break;
      case 'fields':
        out.push(b.fields.map((f) => `${f.label}: ${f.value}`).join('\n'));
        break;
      case 'code':
        out.push(indent(b.text));
        break;
      case 'steps':
        for (const s of b.steps) {
          out.push(`${STATUS_ICON[s.status]} ${s.n}. ${s.title} [${s.status}]`);
          if (s.code) out.push(indent(s.code));
          if (s.detail) out.push(indent(s.detail, '    │ '));
        }
        break;
      case 'buttons':
        out.push(b.buttons.map((x) => `[${x.label}]`).join(' '));
        break;
    }
  }
  return out.join('\n');
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

/** Small builders keep handler code readable. */
export const msg = {
  header: (text: string): MessageBlock => ({ type: 'header', text }),
  text: (text: string): MessageBlock => ({ type: 'text', text }),
  context: (text: string): MessageBlock => ({ type: 'context', text }),
  code: (text: string, lang?: string): MessageBlock => ({ type: 'code', text, lang }),
  fields: (fields: { label: string; value: string }[]): MessageBlock => ({ type: 'fields', fields }),
  steps: (steps: StepLine[]): MessageBlock => ({ type: 'steps', steps }),
  buttons: (buttons: Button[]): MessageBlock => ({ type: 'buttons', buttons }),
};
