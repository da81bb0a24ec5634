/**
 * The allowlist of argv shapes. A program's read-only shape is data: the options it may take,
 * whether each takes a value, what the value may be, and the options named as dangerous (so the
 * reason can say why). Argv is read the way getopt and its cousins read it: `--opt=value`,
 * `--opt value`, `-o value`, fused `-ovalue` / `-XPOST`, clustered `-sSL`, and `--`. Any option
 * that is not declared gates the command, and the reason names it.
 */
import { approve, q, type Cmd, type Verdict } from './types.js';

/** Returns a reason phrase when the value is not allowed ("is not an http or https URL"). */
export type Check = (value: string) => string | undefined;

export interface Opt {
  takes: 0 | 1 | 2 | 'attached';
  deny?: string;
  check?: Check;
  /** the value names a file the program reads */
  file?: boolean;
}

export interface OptDef {
  /** options without a value, spellings separated by spaces: '-s --silent -S --show-error' */
  flags?: string;
  /** options that take a value */
  values?: string;
  /** options whose value is a file the program reads (credential and run-time path checks apply) */
  files?: string;
  /** options with an optional value that must be attached: --color[=WHEN] */
  optional?: string;
  /** options with a value that must pass a check: { '-X --request': method } */
  checked?: Record<string, Check>;
  /** options never allowed, with why: { '-o --output': 'writes the response to a file' } */
  deny?: Record<string, string>;
  /** options never allowed that take a value (the reason quotes the value too): git -c NAME=VALUE */
  denyValues?: Record<string, string>;
  /** options that take two values: jq --arg NAME VALUE */
  pairs?: string;
  /** numeric shorthand such as `head -20` or `git log -5` */
  numeric?: boolean;
}

export interface Table {
  opts: Map<string, Opt>;
  numeric: boolean;
  /** every `-word` is one option (find -name, openssl -noout, sqlite3 -readonly) */
  singleDash: boolean;
}

export function table(...defs: OptDef[]): Table {
  const opts = new Map<string, Opt>();
  const put = (spellings: string | undefined, opt: Opt): void => {
    for (const s of (spellings ?? '').split(/\s+/).filter(Boolean)) opts.set(s, opt);
  };
  let numeric = false;
  for (const d of defs) {
    put(d.flags, { takes: 0 });
    put(d.values, { takes: 1 });
    put(d.files, { takes: 1, file: true });
    put(d.optional, { takes: 'attached' });
    put(d.pairs, { takes: 2 });
    for (const [s, check] of Object.entries(d.checked ?? {})) put(s, { takes: 1, check });
    for (const [s, deny] of Object.entries(d.deny ?? {})) put(s, { takes: 0, deny });
    for (const [s, deny] of Object.entries(d.denyValues ?? {})) put(s, { takes: 1, deny });
    numeric ||= !!d.numeric;
  }
  return { opts, numeric, singleDash: false };
}

/** A table for programs whose long options take one dash (find, openssl, sqlite3). */
export function singleDashTable(...defs: OptDef[]): Table {
  return { ...table(...defs), singleDash: true };
}

export interface Parsed {
  /** the options seen, by spelling, with their values */
  options: { name: string; value?: string; word: string }[];
  positionals: string[];
  /** why the argv is not a declared read-only shape (empty when it is) */
  problems: Verdict[];
}

export interface ParseOpts {
  /** stop at the first positional and return the rest untouched in `rest` (options before a subcommand) */
  stopAtPositional?: boolean;
  /** options are only read before the first positional (POSIX order: ssh, xargs, wrappers) */
  posixOrder?: boolean;
  /** what to call the options in reasons: "kubectl option" */
  label?: string;
}

type Out = Parsed & { rest: string[] };

function unknownOption(out: Out, label: string, name: string, word: string): void {
  const inWord = name === word ? '' : ` (in ${q(word)})`;
  out.problems.push(approve(`${label} option ${q(name)}${inWord} is not on the read-only list`));
}

function useOption(out: Out, label: string, cmd: Pick<Cmd, 'readPath'> | undefined, name: string, opt: Opt, word: string, value: string | undefined): void {
  out.options.push({ name, value, word });
  if (opt.deny) out.problems.push(approve(`${label} ${q(opt.takes === 1 && word === name && value !== undefined ? `${name} ${value}` : word)} ${opt.deny}`));
  else if (opt.check && value !== undefined) {
    const why = opt.check(value);
    if (why) out.problems.push(approve(`${label} ${q(word === name ? `${name} ${value}` : word)} ${why}`));
  }
  if (opt.file && value !== undefined && cmd) {
    const v = cmd.readPath(value);
    if (v) out.problems.push(v);
  }
}

export function parseArgs(program: string, args: string[], t: Table, cmd?: Pick<Cmd, 'readPath'>, o: ParseOpts = {}): Out {
  const out: Out = { options: [], positionals: [], problems: [], rest: [] };
  const label = o.label ?? program;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (t.numeric && /^-\d+$/.test(a)) {
      out.options.push({ name: '-NUM', value: a.slice(1), word: a });
      continue;
    }
    if (!(a.length > 1 && a.charCodeAt(0) === 45) || (o.posixOrder && out.positionals.length)) {
      if (o.stopAtPositional) {
        out.rest = args.slice(i);
        return out;
      }
      out.positionals.push(a);
      continue;
    }
    if (a.startsWith('--') || t.singleDash) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      const opt = t.opts.get(name);
      if (!opt) {
        unknownOption(out, label, name, a);
        return out;
      }
      if (opt.deny) {
        useOption(out, label, cmd, name, opt, a, eq > 0 ? a.slice(eq + 1) : opt.takes === 1 ? args[i + 1] : undefined);
        return out;
      }
      if (opt.takes === 0) {
        if (eq > 0) out.problems.push(approve(`${label} option ${q(a)} gives a value to an option that takes none`));
        useOption(out, label, cmd, name, opt, a, undefined);
      } else if (opt.takes === 'attached') useOption(out, label, cmd, name, opt, a, eq > 0 ? a.slice(eq + 1) : undefined);
      else if (opt.takes === 2) {
        if (i + 2 < args.length) useOption(out, label, cmd, name, opt, a, args[(i += 2)]!);
        else out.problems.push(approve(`${label} option ${q(a)} is missing its values`));
      } else if (eq > 0) useOption(out, label, cmd, name, opt, a, a.slice(eq + 1));
      else if (i + 1 < args.length) useOption(out, label, cmd, name, opt, a, args[++i]!);
      else out.problems.push(approve(`${label} option ${q(a)} is missing its value`));
      continue;
    }
    // a cluster of short options: -sSL, -n5, -XPOST, -ofile
    for (let k = 1; k < a.length; k++) {
      const name = '-' + a[k]!;
      const opt = t.opts.get(name);
      if (!opt) {
        unknownOption(out, label, name, a);
        return out;
      }
      if (opt.takes === 0 && !opt.deny) {
        useOption(out, label, cmd, name, opt, a, undefined);
        continue;
      }
      const attached = a.slice(k + 1);
      if (opt.deny) {
        useOption(out, label, cmd, name, opt, a, attached || (opt.takes === 1 ? args[i + 1] : undefined));
        return out;
      }
      if (attached || opt.takes === 'attached') useOption(out, label, cmd, name, opt, a, attached || undefined);
      else if (i + 1 < args.length) useOption(out, label, cmd, name, opt, name, args[++i]!);
      else out.problems.push(approve(`${label} option ${q(name)} is missing its value`));
      break;
    }
  }
  return out;
}

/** Checks shared by many rules. */
export const checks = {
  /** one of a few literal words */
  oneOf:
    (...allowed: string[]): Check =>
    (v) =>
      allowed.includes(v) ? undefined : `is not one of the allowed values (${allowed.join(', ')})`,
  /** a number, a duration or a run-time value ("$LINES") */
  number: ((v) => (/^[\d.]+[a-zA-Z]*$|^\$\{?\w+\}?$/.test(v) ? undefined : 'is not a number')) as Check,
};
