/**
 * Block Kit renderer for the core Message document. Slack rejects a message that breaks a
 * limit (50 blocks, 3,000 characters a section text, 150 a header, 10 fields, 2,000 a field,
 * 25 buttons), so content is split: long texts over several blocks, many blocks over several
 * messages. The first message is the one `update` edits; the rest are follow-ups in its thread.
 * Nothing is dropped. Every piece of mrkdwn is escaped so output cannot ping or link.
 */
import type { types } from '@slack/bolt';

import { STATUS_ICON, type Message, type MessageBlock, type StepLine } from '../../core/message.js';
import { escapeMrkdwn, splitEscaped } from './escape.js';

type Block = types.KnownBlock;

export interface SlackMessage {
  /** plain fallback: notifications, screen readers, clients without blocks */
  text: string;
  blocks: Block[];
}

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  buttonsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** not a Slack rule: keeps each message readable and well under the API's payload size */
  charsPerMessage: 24_000,
} as const;

const FENCE = '```';

export function renderBlocks(message: Message, limits: Partial<typeof SLACK_LIMITS> = {}): SlackMessage[] {
  const lim = { ...SLACK_LIMITS, ...limits };
  const units: Block[] = [];
  for (const block of message.blocks) units.push(...renderBlock(block, message, lim));
  const chunks = pack(units, lim);
  const summary = fallbackSummary(message);
  return chunks.map((blocks, i) => {
    const part = chunks.length > 1 ? ` (part ${i + 1}/${chunks.length})` : '';
    if (chunks.length > 1) {
      // One slot per chunk was reserved in pack() for this marker.
      const marker = context(i === 0 ? `_continued in the thread: part 1 of ${chunks.length}_` : `_part ${i + 1} of ${chunks.length}_`);
      if (i === 0) blocks.push(marker);
      else blocks.unshift(marker);
    }
    return { text: summary + part, blocks };
  });
}

function renderBlock(block: MessageBlock, message: Message, lim: typeof SLACK_LIMITS): Block[] {
  switch (block.type) {
    case 'header':
      // plain_text is never parsed for mentions; a header over the limit becomes bold mrkdwn instead of being cut.
      if (block.text.length <= lim.headerText && block.text.trim() !== '') {
        return [{ type: 'header', text: { type: 'plain_text', text: block.text, emoji: true } }];
      }
      return sections(`*${escapeMrkdwn(block.text)}*`, lim);
    case 'text':
      return sections(escapeMrkdwn(block.text), lim);
    case 'context':
      return splitEscaped(escapeMrkdwn(block.text), lim.contextText).map(context);
    case 'code':
      return sections(fenced(block.text, lim.sectionText), lim);
    case 'fields':
      return renderFields(block.fields, lim);
    case 'steps':
      return block.steps.flatMap((s) => sections(stepSegments(s, lim.sectionText), lim));
    case 'buttons':
      return renderButtons(block.buttons, message, lim);
  }
}

/** One or more section blocks; segments are joined with newlines and never exceed the limit. */
function sections(text: string | string[], lim: typeof SLACK_LIMITS): Block[] {
  const segments = (Array.isArray(text) ? text : [text]).flatMap((t) => splitEscaped(t, lim.sectionText));
  const texts: string[] = [];
  for (const seg of segments) {
    const last = texts.at(-1);
    if (last !== undefined && last.length + 1 + seg.length <= lim.sectionText) texts[texts.length - 1] = `${last}\n${seg}`;
    else texts.push(seg);
  }
  return texts.filter((t) => t.length > 0).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }));
}

/** Code in ``` fences, split into fenced pieces that each fit a section. */
function fenced(code: string, limit: number): string[] {
  // A ``` inside the code would close the fence early; a zero-width space keeps it visible but inert.
  const body = escapeMrkdwn(code.replace(/```/g, '`\u200b``'));
  return splitEscaped(body, limit - 2 * FENCE.length - 2).map((piece) => `${FENCE}\n${piece}\n${FENCE}`);
}

function stepSegments(step: StepLine, limit: number): string[] {
  const label = step.status.replace(/_/g, ' ');
  const head = `${STATUS_ICON[step.status]} *${step.n}. ${escapeMrkdwn(step.title)}*  _${label}_`;
  const out = splitEscaped(head, limit);
  if (step.code) out.push(...fenced(step.code, limit));
  if (step.detail) out.push(...fenced(step.detail, limit));
  return out;
}

function renderFields(fields: { label: string; value: string }[], lim: typeof SLACK_LIMITS): Block[] {
  const out: Block[] = [];
  let group: string[] = [];
  const flush = (): void => {
    if (group.length > 0) out.push({ type: 'section', fields: group.map((text) => ({ type: 'mrkdwn', text })) });
    group = [];
  };
  for (const f of fields) {
    const text = `*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`;
    if (text.length > lim.fieldText) {
      // Too long for a field: give it whole sections of its own, in order.
      flush();
      out.push(...sections(text, lim));
      continue;
    }
    group.push(text);
    if (group.length === lim.fieldsPerSection) flush();
  }
  flush();
  return out;
}

function renderButtons(buttons: { id: string; label: string; style?: 'primary' | 'danger' }[], message: Message, lim: typeof SLACK_LIMITS): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < buttons.length; i += lim.buttonsPerActions) {
    out.push({
      type: 'actions',
      elements: buttons.slice(i, i + lim.buttonsPerActions).map((b) => ({
        type: 'button' as const,
        action_id: b.id,
        // Labels are the core's own short words; a visible ellipsis beats a rejected message.
        text: { type: 'plain_text' as const, text: b.label.length > lim.buttonText ? `${b.label.slice(0, lim.buttonText - 1)}…` : b.label, emoji: true },
        ...(message.approval ? { value: message.approval.id.slice(0, lim.buttonValue) } : {}),
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  return out;
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** Packs blocks into messages, keeping one slot per message for the part marker. */
function pack(units: Block[], lim: typeof SLACK_LIMITS): Block[][] {
  const chunks: Block[][] = [];
  let cur: Block[] = [];
  let chars = 0;
  for (const unit of units) {
    const size = JSON.stringify(unit).length;
    if (cur.length > 0 && (cur.length + 1 >= lim.blocksPerMessage || chars + size > lim.charsPerMessage)) {
      chunks.push(cur);
      cur = [];
      chars = 0;
    }
    cur.push(unit);
    chars += size;
  }
  if (cur.length > 0 || chunks.length === 0) chunks.push(cur);
  return chunks;
}

/** The fallback `text`: the message's title, escaped like everything else. */
function fallbackSummary(message: Message): string {
  const first = message.blocks.find((b) => b.type === 'header' || b.type === 'text');
  const raw = first && 'text' in first ? first.text : 'opsbridge';
  const line = raw.split('\n')[0] ?? raw;
  return escapeMrkdwn(line.length > 300 ? `${line.slice(0, 299)}…` : line);
}
