/**
 * Core Message → Discord message payloads (embeds + button rows). Discord's limits are met by
 * splitting, never by silently truncating: the first payload is the message `update` edits, the
 * rest are follow-up messages. Every payload disables mention parsing so command output cannot
 * ping @everyone, roles or users.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';

import { STATUS_ICON, type Button, type Message, type StepLine } from '../../core/message.js';
import { fencedBlocks, splitText } from './split-text.js';

export const DISCORD_LIMITS = {
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  totalPerMessage: 6000,
  content: 2000,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
} as const;

export const NO_MENTIONS = { parse: [] as never[] };

export interface DiscordPayload {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: never[] };
}

type Part =
  | { kind: 'title'; text: string }
  | { kind: 'desc'; text: string }
  | { kind: 'field'; name: string; value: string; inline: boolean }
  | { kind: 'footer'; text: string };

const L = DISCORD_LIMITS;

export function renderMessage(message: Message): DiscordPayload[] {
  const embeds = packEmbeds(toParts(message), colorOf(message));
  const components = buttonRows(message.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])));
  const payloads: DiscordPayload[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const n = embedSize(e);
    if (current.length && (current.length >= L.embedsPerMessage || size + n > L.totalPerMessage)) {
      payloads.push(payload(current));
      current = [];
      size = 0;
    }
    current.push(e);
    size += n;
  }
  if (current.length || payloads.length === 0) payloads.push(payload(current));
  // Buttons go on the first message: it is the one the core tracks and reactions/actions refer to.
  payloads[0]!.components = components;
  if (payloads[0]!.embeds.length === 0 && components.length === 0) payloads[0]!.content = '\u200b';
  return payloads;
}

/** Plain text (a private notice) as content-only payloads of at most 2,000 characters each. */
export function renderText(text: string): DiscordPayload[] {
  return splitText(text || '\u200b', L.content).map((content) => ({ content, embeds: [], components: [], allowed_mentions: NO_MENTIONS }));
}

function payload(embeds: APIEmbed[]): DiscordPayload {
  return { embeds, components: [], allowed_mentions: NO_MENTIONS };
}

function toParts(message: Message): Part[] {
  const parts: Part[] = [];
  const desc = (text: string) => splitText(text, L.description).forEach((t) => t && parts.push({ kind: 'desc', text: t }));
  for (const b of message.blocks) {
    switch (b.type) {
      case 'header': {
        const [title, ...more] = splitText(b.text, L.title);
        parts.push({ kind: 'title', text: title! });
        if (more.length) desc(more.join(' '));
        break;
      }
      case 'text':
        desc(b.text);
        break;
      case 'code':
        for (const block of fencedBlocks(b.text, b.lang, L.description)) parts.push({ kind: 'desc', text: block });
        break;
      case 'fields':
        for (const f of b.fields) {
          // A label over 256 keeps its first part as the name; the rest leads the value.
          const [name, ...labelRest] = splitText(f.label || '\u200b', L.fieldName);
          const value = [labelRest.join(' '), f.value].filter(Boolean).join('\n') || '—';
          const inline = f.label.length <= 24 && f.value.length <= 40 && !f.value.includes('\n');
          splitText(value, L.fieldValue).forEach((v, i) => parts.push({ kind: 'field', name: i === 0 ? name! : '\u200b', value: v, inline: inline && i === 0 }));
        }
        break;
      case 'steps':
        for (const s of b.steps) for (const t of stepTexts(s)) parts.push({ kind: 'desc', text: t });
        break;
      case 'context':
        for (const t of splitText(b.text, L.footer)) parts.push({ kind: 'footer', text: t });
        break;
      case 'buttons':
        break; // rendered as components
    }
  }
  return parts;
}

/** One step as description chunks: the status line, then its code and detail as fenced blocks. */
function stepTexts(s: StepLine): string[] {
  const head = `${STATUS_ICON[s.status]} **${s.n}. ${s.title}** · ${s.status.replace(/_/g, ' ')}`;
  const out = splitText(head, L.description);
  if (s.code) out.push(...fencedBlocks(s.code, 'sh', L.description));
  if (s.detail) out.push(...fencedBlocks(s.detail, undefined, L.description));
  return out;
}

function packEmbeds(parts: Part[], color: number | undefined): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let e: APIEmbed | null = null;
  const fresh = () => {
    e = color === undefined ? {} : { color };
    embeds.push(e);
    return e;
  };
  const cur = (): APIEmbed => e ?? fresh();
  for (const p of parts) {
    let x = cur();
    switch (p.kind) {
      case 'title':
        if (!isEmpty(x)) x = fresh();
        x.title = p.text;
        break;
      case 'desc': {
        // Discord shows description above fields and footer: text after them needs a new embed.
        const joined = x.description ? x.description + '\n' + p.text : p.text;
        if (x.fields?.length || x.footer || joined.length > L.description || embedSize(x) + p.text.length + 1 > L.totalPerMessage) {
          x = fresh();
          x.description = p.text;
        } else x.description = joined;
        break;
      }
      case 'field':
        if (x.footer || (x.fields?.length ?? 0) >= L.fields || embedSize(x) + p.name.length + p.value.length > L.totalPerMessage) x = fresh();
        (x.fields ??= []).push({ name: p.name, value: p.value, inline: p.inline });
        break;
      case 'footer': {
        const joined = x.footer ? x.footer.text + '\n' + p.text : p.text;
        if (joined.length > L.footer || embedSize(x) + p.text.length + 1 > L.totalPerMessage) {
          x = fresh();
          x.footer = { text: p.text };
        } else x.footer = { text: joined };
        break;
      }
    }
  }
  return embeds;
}

function isEmpty(e: APIEmbed): boolean {
  return !e.title && !e.description && !e.fields?.length && !e.footer;
}

export function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function buttonRows(buttons: Button[]): APIActionRowComponent<APIButtonComponent>[] {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && rows.length < L.rows; i += L.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + L.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        custom_id: b.id,
        label: b.label.slice(0, L.buttonLabel),
        style: buttonStyle(b),
      })),
    });
  }
  return rows;
}

function buttonStyle(b: Button): ButtonStyle.Success | ButtonStyle.Danger | ButtonStyle.Primary | ButtonStyle.Secondary {
  if (b.id === 'approve') return ButtonStyle.Success;
  if (b.id === 'reject' || b.style === 'danger') return ButtonStyle.Danger;
  if (b.style === 'primary') return ButtonStyle.Primary;
  return ButtonStyle.Secondary;
}

/** A colour bar that says how things stand: red on failure, amber while waiting, green when done. */
function colorOf(message: Message): number | undefined {
  const statuses = message.blocks.flatMap((b) => (b.type === 'steps' ? b.steps.map((s) => s.status) : []));
  const state = message.approval?.state;
  if (state === 'rejected' || state === 'failed' || statuses.some((s) => s === 'failed' || s === 'timed_out' || s === 'rejected')) return 0xd83c3e;
  if (state === 'pending' || statuses.some((s) => s === 'awaiting_approval' || s === 'running' || s === 'executing')) return 0xf0b232;
  if (state === 'succeeded' || (statuses.length > 0 && statuses.every((s) => s === 'succeeded' || s === 'manual' || s === 'skipped'))) return 0x23a55a;
  return undefined;
}
