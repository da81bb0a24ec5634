import { expect, it } from 'vitest';
import { emojiIn, normalizeEmoji } from '../../src/core/emoji.js';

it('treats unicode and Slack names of the same emoji alike', () => {
  expect(normalizeEmoji('✅')).toBe('white_check_mark');
  expect(normalizeEmoji(':white_check_mark:')).toBe('white_check_mark');
  expect(normalizeEmoji('+1::skin-tone-3')).toBe('+1');
  expect(emojiIn('❌', ['x'])).toBe(true);
  expect(emojiIn('tada', ['white_check_mark', 'x'])).toBe(false);
});
