/** What a per-program rule sees and returns. Rules are pure functions of the command's words. */
import type { Safety } from '../model.js';

export interface Verdict {
  safety: Safety;
  /** human-readable, names the program: "curl -X POST sends a request body" */
  reason: string;
}

export interface Cmd {
  /** program name as looked up (basename of the first word) */
  program: string;
  /** the remaining words, quotes removed, expansions left as written ("$DATABASE_URL") */
  args: string[];
  /** body of a heredoc or here-string feeding stdin, if any */
  stdinText?: string;
  /** stdin comes from a pipe or a `< file` redirect: content the classifier cannot see */
  stdinOpaque: boolean;
}

/** Classify a command line given as words (for wrappers such as `timeout 5 curl ...`). */
export type Inner = (argv: string[]) => Verdict[];
export type Rule = (cmd: Cmd, inner: Inner) => Verdict | Verdict[];

export const safe = (reason: string): Verdict => ({ safety: 'safe', reason });
export const approve = (reason: string): Verdict => ({ safety: 'approve', reason });
export const manual = (reason: string): Verdict => ({ safety: 'manual', reason });

/** A word that names a real output file (not /dev/null, stdout or stderr). */
export function isFileTarget(target: string): boolean {
  return !['/dev/null', '/dev/stdout', '/dev/stderr', '-'].includes(target);
}

/**
 * Positional words, skipping flags and the values of the flags listed in `valueFlags`
 * (`-n prod`, `--namespace prod`; `--namespace=prod` needs no skipping).
 */
export function positionals(args: string[], valueFlags: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      if (!a.includes('=') && valueFlags.has(a)) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

export function hasFlag(args: string[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(f + '=')));
}

/** Value of the first of `flags` (`-o x`, `--output x`, `--output=x`, `-ox`), or undefined. */
export function flagValue(args: string[], ...flags: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const f of flags) {
      if (a === f) return args[i + 1] ?? '';
      if (f.startsWith('--') && a.startsWith(f + '=')) return a.slice(f.length + 1);
    }
  }
  return undefined;
}

/** Files whose contents are secrets: reading them would post credentials into the channel. */
export function isSecretsFile(path: string): boolean {
  const base = path.split('/').pop() ?? path;
  return /^\.env(\..+)?$|\.pem$|\.key$|^id_(rsa|dsa|ecdsa|ed25519)$|^credentials(\.json)?$|^\.pgpass$|^\.netrc$|^secrets?\.|^\.npmrc$|^shadow$/i.test(base);
}
