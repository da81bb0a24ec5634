import { describe, expect, it } from 'vitest';
import { clockTime, voteAct, VoteAct } from '../../src/core/wording.js';

describe('wording: what a tired person reads', () => {
  it('clockTime is hours and minutes in UTC, with the date only when it is not today', () => {
    const now = Date.UTC(2026, 11, 1, 3, 20);
    expect(clockTime('2026-12-01T03:14:59.926Z', now)).toBe('03:14 UTC');
    expect(clockTime('2026-11-30T23:05:00.000Z', now)).toBe('Nov 30, 23:05 UTC');
    expect(clockTime('not a time', now)).toBe('not a time');
  });

  it('a vote is named as it was cast, written as its platform shows emoji: the emoji, a name Slack shows as the emoji, or the button', () => {
    expect(voteAct('✅', 'discord')).toBe('your ✅');
    expect(voteAct('white_check_mark', 'slack')).toBe('your :white_check_mark:');
    expect(voteAct('white_check_mark', 'console')).toBe('your ✅');
    expect(VoteAct('the Approve button', 'slack')).toBe('Pressing Approve');
  });
});
