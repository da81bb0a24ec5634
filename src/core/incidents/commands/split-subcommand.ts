/**
 * `/incident <word> <rest…>`: the first word and the rest exactly as typed (notes keep their
 * quotes and colons). Discord sends options as `topic:"note the db is back" params:"…"`, so a
 * leading `topic:` option is unwrapped first.
 */
import { splitArgs } from '../../commands/parse-args.js';

export const SUBCOMMANDS = ['declare', 'sev', 'status', 'lead', 'role', 'note', 'followup', 'resolve', 'cancel', 'timeline', 'postmortem', 'page', 'list'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

const ALIASES: Record<string, Subcommand> = { severity: 'sev', 'follow-up': 'followup' };

export function splitSubcommand(args: string): { word: string; rest: string } {
  let text = args.trim();
  if (/^topic:/i.test(text)) {
    try {
      const [first, ...others] = splitArgs(text);
      const unpacked = others.map((t) => (/^params:/i.test(t) ? t.slice('params:'.length) : t));
      text = [first!.slice('topic:'.length), ...unpacked].join(' ').trim();
    } catch {
      // unbalanced quotes: leave the text as typed
    }
  }
  // `/incident sev:2` means `/incident sev 2`.
  text = text.replace(/^sev(?:erity)?:/i, 'sev ');
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return m ? { word: m[1]!.toLowerCase(), rest: m[2]!.trim() } : { word: '', rest: '' };
}

export function subcommandOf(word: string): Subcommand | undefined {
  return (SUBCOMMANDS as readonly string[]).includes(word) ? (word as Subcommand) : ALIASES[word];
}

/** Words the runbook lint refuses as ids or aliases, because subcommands take precedence. */
export const RESERVED_WORDS: readonly string[] = [...SUBCOMMANDS, ...Object.keys(ALIASES)];
