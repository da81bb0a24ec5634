/**
 * Walk a real shell AST (unbash) down to every simple command, through pipelines, && / || / ;,
 * subshells, groups, if/for/while/case bodies. Everything that can execute or write without being
 * a visible simple command is gated on the way (classify-gates.ts); each simple command's argv,
 * with its variables resolved, goes to its program's argv-shape rule.
 */
import { forEachChild, parse, type Assignment, type Command, type Redirection, type SyntaxNode, type Word } from 'unbash';
import { gateNode } from './classify-gates.js';
import { collectVars } from './classify-vars.js';
import { resolveText, resolveWord, type WordContext } from './classify-words.js';
import { dangerousShellVar, harmlessEnv } from './rules/env.js';
import { ruleFor } from './rules/index.js';
import { credentialVerdict, DEFAULT_READ_DIRS, readPathVerdict, type PathPolicy } from './rules/paths.js';
import { approve, q, safe, type Cmd, type Verdict } from './rules/types.js';

export interface ShellAnalysis {
  verdicts: Verdict[];
  /** programs no rule knows (the block's language decides whether that means approve or manual) */
  unknownPrograms: string[];
  /** ways the block runs differently from how it reads (lint errors) */
  misleading: string[];
}

export interface ShellOptions {
  params?: ReadonlySet<string>;
  readDirs?: string[];
}

type Stdin = Pick<Cmd, 'stdinText' | 'stdinOpaque' | 'stdoutPiped'>;

const EXPANDS = /[$`{<>]/;
const STD_STREAM = /^(\/dev\/(null|stdout|stderr|fd\/[12]))$/;
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/[\w.+-]+$/;
const NO_PARAMS: ReadonlySet<string> = new Set();

export function analyseShell(source: string, opts: ShellOptions = {}): ShellAnalysis {
  return new ShellWalk(source, opts).run();
}

/** One walk over one block (a class rather than closures: nothing is allocated per visited node). */
class ShellWalk {
  readonly verdicts: Verdict[] = [];
  readonly unknownPrograms: string[] = [];
  readonly misleading: string[] = [];
  ctx!: WordContext;
  policy!: PathPolicy;
  innerStdin: Stdin = { stdinOpaque: false };

  constructor(
    private readonly source: string,
    private readonly opts: ShellOptions,
  ) {}

  run(): ShellAnalysis {
    const outer = active;
    active = this;
    try {
      return this.walk();
    } finally {
      active = outer;
    }
  }

  private walk(): ShellAnalysis {
    const { source, verdicts } = this;
    const script = parse(source);
    for (const err of script.errors ?? []) {
      verdicts.push(approve(`the shell cannot parse line ${lineOf(source, err.pos)} (${err.message.replace(/\.$/, '')}), so nothing in the block is proven`));
    }
    const readDirs = this.opts.readDirs ?? DEFAULT_READ_DIRS;
    const { vars, changesDir } = collectVars(script, readDirs, source);
    this.policy = { readDirs, relativeInWorkDir: !changesDir };
    this.ctx = { vars, params: this.opts.params ?? NO_PARAMS, problems: verdicts };
    this.visit(script, false);
    return { verdicts, unknownPrograms: this.unknownPrograms, misleading: this.misleading };
  }

  classifyArgv(argv: string[], stdin: Stdin): Verdict[] {
    const first = argv[0];
    if (first === undefined) return [safe('the command only sets shell variables')];
    if (first !== '[' && first !== '[[' && /[$`*?[{~]/.test(first)) return [approve(`the program name ${q(first)} is computed at run time`)];
    let program = first;
    if (first.includes('/')) {
      if (!SYSTEM_BIN.test(first)) return [approve(`${q(first)} runs a script or program the classifier cannot see`)];
      program = first.slice(first.lastIndexOf('/') + 1);
    }
    const rule = ruleFor(program);
    if (!rule) {
      this.unknownPrograms.push(program);
      return [approve(`${q(program)} is not a program the classifier knows to be read-only`)];
    }
    const args = argv.slice(1);
    // a credential named anywhere (operand, option value, HEAD:.env, @~/.ssh/id_rsa) would reach the channel
    const out: Verdict[] = [];
    for (const a of args) {
      const v = credentialVerdict(a);
      if (v) out.push(v);
    }
    this.innerStdin = stdin;
    const r = rule({ program, args, stdinText: stdin.stdinText, stdinOpaque: stdin.stdinOpaque, readPath: readActivePath, stdoutPiped: stdin.stdoutPiped }, classifyActiveInner);
    if (Array.isArray(r)) out.push(...r);
    else out.push(r);
    return out;
  }

  /** Redirections: only to /dev/null or between the standard streams; input files are reads. */
  private checkRedirects(redirects: readonly Redirection[]): Stdin {
    const { source, verdicts } = this;
    let stdinText: string | undefined;
    let stdinOpaque = false;
    for (const r of redirects) {
      const fd = r.descriptor;
      if (fd && (fd.type === 'FileDescriptorVariable' || fd.value > 2)) {
        verdicts.push(approve(`the redirect ${q(source.slice(r.pos, r.end))} opens an extra file descriptor`));
        continue;
      }
      if (r.type === 'HereDoc') {
        stdinText = r.body.text;
        if (!r.closing) {
          const opening = source.slice(r.pos, r.pos + 3 + (r.delimiter?.text.length ?? 0)).trim();
          this.misleading.push(`line ${lineOf(source, r.pos)} starts the here-document ${q(opening)}, which is never closed, so every later line is its text rather than commands`);
        }
        continue;
      }
      const targets = r.target ? resolveText(r.target, this.ctx) : [''];
      if (r.type === 'HereString') {
        stdinText = targets[0];
        continue;
      }
      const shown = q(source.slice(r.pos, r.end));
      for (const target of targets) {
        if (/^\/dev\/(tcp|udp)\//.test(target)) verdicts.push(approve(`the redirect ${shown} opens a network connection`));
        else if (r.operator === '<>') verdicts.push(approve(`the redirect ${shown} opens ${q(target)} for writing`));
        else if (r.operator === '<' || r.operator === '<&') {
          if (r.operator === '<&' && /^([0-2]|-)$/.test(target)) continue;
          stdinOpaque = stdinOpaque || target !== '/dev/null';
          const v = readPathVerdict(target, this.policy);
          if (v) verdicts.push(v);
        } else if (r.operator === '>&' && /^([0-2]|-)$/.test(target)) continue;
        else if (!STD_STREAM.test(target)) verdicts.push(approve(`the redirect ${shown} writes a file`));
      }
    }
    return { stdinText, stdinOpaque };
  }

  private visitCommand(cmd: Command, piped: boolean, pipedOut: boolean): void {
    const { verdicts, ctx } = this;
    const stdin = cmd.redirects.length ? this.checkRedirects(cmd.redirects) : { stdinText: undefined, stdinOpaque: false };
    const assignments: Assignment[] = [];
    for (const p of cmd.prefix) if (p.type === 'Assignment') assignments.push(p);
    if (!cmd.name) {
      for (const a of assignments) {
        if (a.value.type === 'ArrayValue' || a.index) verdicts.push(approve(`the array assignment ${q(a.text)} is evaluated at run time`));
        const why = dangerousShellVar(a.name);
        verdicts.push(why ? approve(`the assignment ${q(a.text)} is gated: ${why}`) : safe('the command only sets shell variables'));
      }
      if (!assignments.length) verdicts.push(safe('the command only redirects'));
      return;
    }
    const words: (Word | { type: 'Assignment'; name: string; value: unknown; text: string })[] = [cmd.name];
    for (const s of cmd.suffix) if (s.type === 'Word' || s.type === 'Assignment') words.push(s);
    const argvAlts = wordsToArgv(words, ctx);
    const program = argvAlts[0]?.[0] ?? '';
    for (const a of assignments) {
      const values = a.value.type === 'Word' ? resolveText(a.value, ctx) : [''];
      let harmless = a.value.type !== 'ArrayValue';
      for (const v of values) harmless &&= harmlessEnv(a.name, v);
      if (!harmless) {
        verdicts.push(approve(`the environment prefix ${q(a.text)} changes how ${program} runs`));
      }
    }
    // quotes or escapes in a program name ($'\x63at', \ls, 'ls') hide from a reader what runs
    if (cmd.name.text !== cmd.name.value && !/[$`]/.test(cmd.name.value)) {
      verdicts.push(approve(`the program name ${q(cmd.name.text)} is quoted or escaped, which hides what it runs from a reader`));
      return;
    }
    const stdinState: Stdin = { stdinText: stdin.stdinText, stdinOpaque: stdin.stdinText === undefined && (piped || stdin.stdinOpaque), stdoutPiped: pipedOut };
    for (const argv of argvAlts) verdicts.push(...this.classifyArgv(argv, stdinState));
  }

  visit(node: SyntaxNode, piped: boolean, pipedOut = false): void {
    // a word with no $, backtick, brace or <( >( has no parts to gate (and its parts are computed lazily)
    if (node.type === 'Word' && !EXPANDS.test(node.text)) return;
    const gated = gateNode(node, this.source);
    if (gated) {
      this.verdicts.push(...gated.verdicts);
      if (gated.stop) return;
    }
    switch (node.type) {
      case 'Pipeline':
        for (let i = 0; i < node.commands.length; i++) this.visit(node.commands[i]!, i > 0, i < node.commands.length - 1);
        return;
      case 'Command':
        this.visitCommand(node, piped, pipedOut);
        break;
      case 'Redirected':
        this.checkRedirects(node.redirects);
        break;
      default:
        break;
    }
    forEachChild(node, visitActiveChild);
  }
}

// Callbacks handed to rules and to the AST walker act on the walk in progress, so no closure is
// made per block or per node (walks are synchronous; a nested walk restores the outer one).
let active: ShellWalk | undefined;
function readActivePath(p: string): Verdict | undefined {
  return readPathVerdict(p, active!.policy);
}
function classifyActiveInner(argv: string[]): Verdict[] {
  return active!.classifyArgv(argv, active!.innerStdin);
}
function visitActiveChild(child: SyntaxNode): void {
  active!.visit(child, false);
}

/** argv alternatives for the words of one command (assignments after `export` become NAME=value). */
function wordsToArgv(words: readonly (Word | { type: 'Assignment'; name: string; value: unknown; text: string })[], ctx: WordContext): string[][] {
  let alts: string[][] = [[]];
  for (const w of words) {
    let options: string[][];
    if (w.type === 'Assignment') {
      const value = (w.value as { type: string }).type === 'Word' ? resolveText(w.value as Word, ctx) : ['(array)'];
      options = value.map((v) => [`${w.name}=${v}`]);
    } else options = resolveWord(w as Word, ctx);
    if (options.length === 1 && alts.length === 1) {
      alts[0]!.push(...options[0]!);
      continue;
    }
    const next: string[][] = [];
    for (const a of alts) for (const o of options) if (next.length < 16) next.push([...a, ...o]);
    alts = next;
  }
  return alts;
}

function lineOf(source: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
