/** Platforms report emoji differently (Slack names, Discord unicode); compare them in one form. */
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

export function normalizeEmoji(emoji: string): string {
  const trimmed = emoji.trim().replace(/^:|:$/g, '');
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
