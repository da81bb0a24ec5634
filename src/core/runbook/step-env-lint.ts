/**
 * Lint: variables a step uses that its environment will not have. A step sees only the
 * allowlisted variables, `exec.stepEnv` and the runbook's params, so `psql "$DATABASE_URL"`
 * with no DATABASE_URL there expands to nothing and connects somewhere else. One warning per
 * block, naming every such variable and the fix. References that say what to do when unset
 * (`${X:-default}`, `${X:?message}`, `${X+alt}`) are the author's decision and pass.
 */
import type { Problem, Runbook } from './model.js';

export interface StepEnvShape {
  allowlist: string[];
  stepEnv: Record<string, string>;
}

/** Set by bash itself, never by the environment. */
const SHELL_VARS = new Set(
  'BASH BASHOPTS BASHPID BASH_ARGC BASH_ARGV BASH_COMMAND BASH_LINENO BASH_SOURCE BASH_SUBSHELL BASH_VERSINFO BASH_VERSION COLUMNS COMP_CWORD DIRSTACK EPOCHREALTIME EPOCHSECONDS EUID FUNCNAME GROUPS HISTCMD HOSTNAME HOSTTYPE IFS LINENO LINES MACHTYPE OLDPWD OPTARG OPTERR OPTIND OSTYPE PIPESTATUS PPID PS4 PWD RANDOM REPLY SECONDS SHELLOPTS SHLVL SRANDOM UID'.split(' '),
);

export function stepEnvProblems(runbook: Runbook, shape: StepEnvShape): Problem[] {
  const problems: Problem[] = [];
  const provided = (name: string) =>
    name in shape.stepEnv || name in runbook.params || SHELL_VARS.has(name) || shape.allowlist.some((e) => (e.endsWith('*') ? name.startsWith(e.slice(0, -1)) : name === e));
  for (const block of runbook.blocks) {
    if (block.safety === 'manual' || !/^(sh|bash|shell|zsh|console)?$/i.test(block.lang)) continue;
    // the names the block sets are looked for only when something it uses is not provided (seldom)
    const unprovided = [...new Set(referencedNames(block.source))].filter((n) => !provided(n));
    if (!unprovided.length) continue;
    const assigned = assignedNames(block.source);
    const missing = unprovided.filter((n) => !assigned.has(n));
    if (!missing.length) continue;
    const list = missing.map((n) => `$${n}`).join(', ');
    problems.push({
      line: block.line,
      severity: 'warning',
      message: `${list} ${missing.length === 1 ? 'is' : 'are'} not in this step's environment (not in exec.envAllowlist or exec.stepEnv, not a param, not set in the block), so the step sees ${missing.length === 1 ? 'it' : 'them'} empty. Add ${missing.length === 1 ? 'it' : 'them'} to exec.stepEnv in the config, declare ${missing.length === 1 ? 'it' : 'them'} under params:, or write \${NAME:?why it is needed} to fail clearly.`,
    });
  }
  return problems;
}

/** `${NAME...}` and `$NAME` right after a `$` (sticky: matched where lastIndex is set) */
const BRACED = /\{#?([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}/y;
const BARE = /[A-Za-z_][A-Za-z0-9_]*/y;

/** `$NAME` and `${NAME...}` outside single quotes and comments, without an unset fallback. */
export function referencedNames(src: string): string[] {
  const out: string[] = [];
  let single = false;
  let double = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (single) {
      if (c === "'") single = false;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === "'" && !double) single = true;
    else if (c === '"') double = !double;
    else if (c === '#' && !double && (i === 0 || /\s/.test(src[i - 1]!))) {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '$') {
      BRACED.lastIndex = i + 1;
      const braced = BRACED.exec(src);
      if (braced) {
        if (!/^:?[-?+=]/.test(braced[2]!)) out.push(braced[1]!);
        i += braced[0].length;
        continue;
      }
      BARE.lastIndex = i + 1;
      const bare = BARE.exec(src);
      if (bare) {
        out.push(bare[0]);
        i += bare[0].length;
      }
    }
  }
  return out;
}

function assignedNames(src: string): Set<string> {
  const names = new Set<string>();
  for (const m of src.matchAll(/(?:^|[\s;&|(`])(?:(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)\+?=/gm)) names.add(m[1]!);
  for (const m of src.matchAll(/\b(?:export|local|readonly|declare|typeset)\s+(?:-\w+\s+)*((?:[A-Za-z_][A-Za-z0-9_]*\s*)+)/g)) for (const n of m[1]!.trim().split(/\s+/)) names.add(n);
  for (const m of src.matchAll(/\bread\s+([^;&|\n]*)/g)) {
    const words = m[1]!.trim().split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      if (/^-[ptdnNu]$/.test(w)) i++; // the option's argument
      else if (w === '-a' && words[i + 1]) names.add(words[++i]!);
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(w)) names.add(w);
    }
  }
  for (const m of src.matchAll(/\b(?:for|select)\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) names.add(m[1]!);
  for (const m of src.matchAll(/\bgetopts\s+\S+\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  return names;
}
