/**
 * Words for states in user-facing sentences, so every message reads as a sentence ("this request
 * already ran and succeeded", "pressing Approve"), never as a state name pasted into a template
 * ("is already succeeded", "your the Approve button").
 */
import type { Platform } from './chat.js';
import { emojiText } from './emoji.js';

const REQUEST_IS: Record<string, string> = {
  pending: 'is still waiting for approval',
  approved: 'is already approved',
  executing: 'is running now',
  succeeded: 'already ran and succeeded',
  failed: 'already ran and failed',
  rejected: 'was already rejected',
  expired: 'already expired',
  interrupted: 'was interrupted by a restart',
  cancelled: 'was cancelled',
};

/** "this request …": what happened to an approval request, as a verb phrase */
export function requestIs(state: string): string {
  return REQUEST_IS[state] ?? `is ${state.replace(/_/g, ' ')}`;
}

/**
 * how a vote was cast, as the subject of a sentence: "your ✅", "your :white_check_mark:" (which
 * Slack shows as the emoji), "pressing Approve". The emoji is written as `platform` shows it.
 */
export function voteAct(via: string, platform: Platform): string {
  const button = /^the (\w+) button$/.exec(via);
  if (button) return `pressing ${button[1]}`;
  return `your ${emojiText(via, platform)}`;
}

/** the same, starting a sentence */
export function VoteAct(via: string, platform: Platform): string {
  const text = voteAct(via, platform);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * A time as someone reads it off a clock at 3 a.m.: "03:14 UTC", with the date ("Dec 1, 03:14 UTC")
 * when it is not today (UTC). Never milliseconds or a T in the middle.
 */
export function clockTime(at: string | number, nowMs: number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')} UTC`;
  const today = new Date(nowMs).toISOString().slice(0, 10) === d.toISOString().slice(0, 10);
  return today ? hm : `${d.toLocaleString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })}, ${hm}`;
}
