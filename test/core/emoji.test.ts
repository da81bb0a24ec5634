import { describe, expect, it } from 'vitest';
import { approvalPolicySchema } from '../../src/config/schema.js';
import { emojiIn, emojiText, normalizeEmoji, voteEmoji } from '../../src/core/emoji.js';

it('treats unicode and Slack names of the same emoji alike', () => {
  expect(normalizeEmoji('✅')).toBe('white_check_mark');
  expect(normalizeEmoji(':white_check_mark:')).toBe('white_check_mark');
  expect(normalizeEmoji('+1::skin-tone-3')).toBe('+1');
  expect(emojiIn('❌', ['x'])).toBe(true);
  expect(emojiIn('tada', ['white_check_mark', 'x'])).toBe(false);
});

describe('emojiText: an emoji written so the platform shows it', () => {
  it('Slack gets names in colons, which it shows as the emoji; a character without a known name stays', () => {
    expect(emojiText('white_check_mark', 'slack')).toBe(':white_check_mark:');
    expect(emojiText(':x:', 'slack')).toBe(':x:');
    expect(emojiText('✅', 'slack')).toBe(':white_check_mark:');
    expect(emojiText('+1::skin-tone-2', 'slack')).toBe(':+1::skin-tone-2:');
    expect(emojiText('🚀', 'slack')).toBe('🚀');
  });

  it('Discord and the console get the character; a name with no known character keeps its colons', () => {
    expect(emojiText('white_check_mark', 'discord')).toBe('✅');
    expect(emojiText('heavy_check_mark', 'console')).toBe('✔️');
    expect(emojiText('thumbsup', 'discord')).toBe('👍');
    expect(emojiText('⛔', 'console')).toBe('⛔');
    expect(emojiText('shipit', 'discord')).toBe(':shipit:');
  });
});

describe('voteEmoji: the configured approve/reject emoji every text names', () => {
  it('the defaults read ✅/❌, as names on Slack', () => {
    const defaults = approvalPolicySchema.parse({});
    expect(voteEmoji(defaults, 'slack')).toEqual({ approve: ':white_check_mark:', reject: ':x:' });
    expect(voteEmoji(defaults, 'discord')).toEqual({ approve: '✅', reject: '❌' });
    expect(voteEmoji(defaults, 'console')).toEqual({ approve: '✅', reject: '❌' });
  });

  it('picks the configured spelling native to the platform, else translates the first one', () => {
    const approval = { approveEmoji: ['🚀', 'shipit'], rejectEmoji: ['no_entry', '⛔'] };
    expect(voteEmoji(approval, 'slack')).toEqual({ approve: ':shipit:', reject: ':no_entry:' });
    expect(voteEmoji(approval, 'discord')).toEqual({ approve: '🚀', reject: '⛔' });
    expect(voteEmoji({ approveEmoji: ['+1'], rejectEmoji: ['octagonal_sign'] }, 'discord')).toEqual({ approve: '👍', reject: '🛑' });
    expect(voteEmoji({ approveEmoji: ['👍'], rejectEmoji: ['🛑'] }, 'slack')).toEqual({ approve: ':+1:', reject: ':octagonal_sign:' });
  });
});
