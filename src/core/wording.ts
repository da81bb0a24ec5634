/**
 * Words for states in user-facing sentences, so every message reads as a sentence ("this request
 * already ran and succeeded", "pressing Approve"), never as a state name pasted into a template
 * ("is already succeeded", "your the Approve button").
 */

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

/** how a vote was cast, as the subject of a sentence: "your ✅", "pressing Approve" */
export function voteAct(via: string): string {
  const button = /^the (\w+) button$/.exec(via);
  return button ? `pressing ${button[1]}` : `your ${via}`;
}

/** the same, starting a sentence */
export function VoteAct(via: string): string {
  const text = voteAct(via);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
