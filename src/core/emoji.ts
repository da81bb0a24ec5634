/** Platforms report emoji differently (Slack names, Discord unicode); compare them in one form. */
import type { ApprovalPolicyConfig } from '../config/schema.js';
import type { Platform } from './chat.js';

const ALIASES: Record<string, string> = {
  '✅': 'white_check_mark',
  '✔️': 'heavy_check_mark',
  '✔': 'heavy_check_mark',
  '☑️': 'ballot_box_with_check',
  '❌': 'x',
  '✖️': 'heavy_multiplication_x',
  '👍': '+1',
  thumbsup: '+1',
  '👎': '-1',
  thumbsdown: '-1',
  '🛑': 'octagonal_sign',
  '⏹️': 'stop_button',
};

/** name → the character, for the platforms that show only characters (the first spelling above wins) */
const CHARACTER: Record<string, string> = {};
for (const [spelling, name] of Object.entries(ALIASES)) if (!isEmojiName(spelling)) CHARACTER[name] ??= spelling;

export function normalizeEmoji(emoji: string): string {
  const trimmed = bare(emoji);
  // Slack appends skin tones as `+1::skin-tone-2`
  const base = trimmed.split('::')[0]!;
  return ALIASES[base] ?? ALIASES[base.replace(/\uFE0F/g, '') + '\uFE0F'] ?? base.toLowerCase();
}

export function emojiIn(emoji: string, list: readonly string[]): boolean {
  const n = normalizeEmoji(emoji);
  return list.some((e) => normalizeEmoji(e) === n);
}

/** 📌 (or 📍): pins a message to its incident's timeline, on anyone's message, not only the bot's */
const PIN = ['📌', 'pushpin', '📍', 'round_pushpin'];

export function isPinEmoji(emoji: string): boolean {
  return emojiIn(emoji, PIN);
}

/** A name such as `white_check_mark`, `+1::skin-tone-2` or a custom `shipit` (with or without colons), not the character. */
export function isEmojiName(emoji: string): boolean {
  return /^[\w+'-]+(::[\w-]+)?$/.test(bare(emoji));
}

/**
 * One emoji as a message on `platform` writes it so people see the emoji: Slack turns `:name:`
 * into the emoji (and shows a character as itself, but names are what Slack people type);
 * Discord and the terminal show text as typed, so they get the character where one is known,
 * else `:name:` (a custom emoji's name reads better with its colons than bare).
 */
export function emojiText(emoji: string, platform: Platform): string {
  const e = bare(emoji);
  if (platform === 'slack') {
    if (isEmojiName(e)) return `:${e}:`;
    const name = normalizeEmoji(e);
    return name === e.toLowerCase() ? e : `:${name}:`;
  }
  if (!isEmojiName(e)) return e;
  return CHARACTER[normalizeEmoji(e)] ?? `:${e}:`;
}

export interface VoteEmoji {
  /** the approve emoji as written in a message on the platform: `:white_check_mark:` on Slack, ✅ elsewhere */
  approve: string;
  reject: string;
}

/**
 * The configured approve/reject emoji, as every hint, notice and help text names them: the first
 * configured one in the platform's own form (a name on Slack, a character elsewhere), else the
 * first configured one translated. The one place those texts get them, so configuring 🚀 never
 * leaves a message telling people to react ✅.
 */
export function voteEmoji(approval: Pick<ApprovalPolicyConfig, 'approveEmoji' | 'rejectEmoji'>, platform: Platform): VoteEmoji {
  const pick = (list: readonly string[]) => emojiText(list.find((e) => isEmojiName(e) === (platform === 'slack')) ?? list[0] ?? '', platform);
  return { approve: pick(approval.approveEmoji), reject: pick(approval.rejectEmoji) };
}

function bare(emoji: string): string {
  return emoji.trim().replace(/^:|:$/g, '');
}
