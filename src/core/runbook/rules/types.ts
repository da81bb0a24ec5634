/** What a per-program rule sees and returns. Rules are pure functions of the command's words. */
import type { Safety } from '../model.js';

export interface Verdict {
  safety: Safety;
  /** a sentence that names the program and quotes the word that decided: `curl "-o" writes the response to a file` */
  reason: string;
}

export interface Cmd {
  /** program name as looked up (basename of the first word) */
  program: string;
  /**
   * The remaining words, quotes removed. What the shell computes at run time stays as written
   * (`$DATABASE_URL`, `*.log`, `~`), so a rule can tell a literal from a run-time value.
   */
  args: string[];
  /** body of a heredoc or here-string feeding stdin, if any */
  stdinText?: string;
  /** stdin comes from a pipe or a `< file` redirect: content the classifier cannot see */
  stdinOpaque: boolean;
  /** stdout goes into a pipe (to jq, grep ...) rather than straight to the channel */
  stdoutPiped?: boolean;
  /** checks a word used as a file to read: credentials and run-time paths (see paths.ts) */
  readPath: (path: string) => Verdict | undefined;
}

/** Classify a command line given as words (for wrappers such as `timeout 5 curl ...`). */
export type Inner = (argv: string[]) => Verdict[];
export type Rule = (cmd: Cmd, inner: Inner) => Verdict | Verdict[];

export const safe = (reason: string): Verdict => ({ safety: 'safe', reason });
export const approve = (reason: string): Verdict => ({ safety: 'approve', reason });
export const manual = (reason: string): Verdict => ({ safety: 'manual', reason });

/** A word quoted for a reason: `"--output=/tmp/x"` (long words are shortened so reasons stay readable). */
export function q(word: string): string {
  const w = word.replace(/\n/g, '\\n');
  return `"${w.length > 60 ? w.slice(0, 57) + '...' : w}"`;
}

/** A word that names a real output file (not /dev/null, stdout or stderr). */
export function isFileTarget(target: string): boolean {
  return !['/dev/null', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2', '-'].includes(target);
}

/** True when the shell computes part of the word at run time (expansion, glob, tilde). */
export function isDynamic(word: string): boolean {
  return /[$`*?[~]/.test(word);
}
