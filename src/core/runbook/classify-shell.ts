/**
 * Walk a real shell AST (unbash) down to every simple command: through pipelines, && / || / ;,
 * subshells, brace groups, if/for/while/case bodies, $(...), backticks, process substitutions and
 * heredoc bodies. Each command goes to its program's rule; output redirections to files are writes.
 */
import { forEachChild, parse, type Command, type Redirection, type SyntaxNode } from 'unbash';
import { ruleFor } from './rules/index.js';
import { approve, isFileTarget, safe, type Cmd, type Verdict } from './rules/types.js';

const OUTPUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);

export interface ShellAnalysis {
  verdicts: Verdict[];
  /** programs no rule knows (the block's language decides whether that means approve or manual) */
  unknownPrograms: string[];
}

export function analyseShell(source: string): ShellAnalysis {
  const verdicts: Verdict[] = [];
  const unknownPrograms: string[] = [];
  const script = parse(source);
  for (const err of script.errors ?? []) {
    verdicts.push(approve(`shell syntax error at line ${lineOf(source, err.pos)}: ${err.message}`));
  }

  const classifyArgv = (argv: string[], stdin: Pick<Cmd, 'stdinText' | 'stdinOpaque'>): Verdict[] => {
    const [first, ...args] = argv;
    if (first === undefined) return [safe('only sets shell variables')];
    if (first.includes('$') || first.includes('`')) return [approve(`the program name ${first} is computed at run time`)];
    if (first.includes('/')) {
      const base = first.split('/').pop()!;
      // /usr/bin/curl is curl; ./deploy.sh is a local script
      if (!first.startsWith('/') || !ruleFor(base)) return [approve(`${first} runs a script or program the classifier cannot see`)];
    }
    const program = first.includes('/') ? first.split('/').pop()! : first;
    const rule = ruleFor(program);
    if (!rule) {
      unknownPrograms.push(program);
      return [approve(`${program} is not on the read-only list`)];
    }
    const out = rule({ program, args, ...stdin }, (inner) => classifyArgv(inner, stdin));
    return Array.isArray(out) ? out : [out];
  };

  const checkRedirects = (redirects: readonly Redirection[]): void => {
    for (const r of redirects) {
      if (r.type !== 'Redirect') continue;
      const target = r.target?.value ?? '';
      if (OUTPUT_OPS.has(r.operator) && isFileTarget(target)) verdicts.push(approve(`redirect ${r.operator} ${target} writes a file`));
      if (r.operator === '>&' && target && !/^\d+$|^-$/.test(target) && isFileTarget(target)) verdicts.push(approve(`redirect >& ${target} writes a file`));
    }
  };

  const visitCommand = (cmd: Command, piped: boolean): void => {
    checkRedirects(cmd.redirects);
    let stdinText: string | undefined;
    let stdinOpaque = piped;
    for (const r of cmd.redirects) {
      if (r.type === 'HereDoc') stdinText = r.body.text;
      else if (r.type === 'HereString') stdinText = r.target?.value;
      else if (r.type === 'Redirect' && (r.operator === '<' || r.operator === '<&' || r.operator === '<>') && !(r.descriptor && r.descriptor.type === 'FileDescriptor' && r.descriptor.value !== 0)) {
        stdinOpaque = true;
      }
    }
    const argv: string[] = [];
    if (cmd.name) argv.push(cmd.name.value);
    for (const a of cmd.suffix) if (a.type === 'Word') argv.push(a.value);
    if (!cmd.name) {
      verdicts.push(safe('only sets shell variables'));
    } else {
      verdicts.push(...classifyArgv(argv, { stdinText, stdinOpaque: stdinText === undefined && stdinOpaque }));
    }
  };

  const visit = (node: SyntaxNode, piped: boolean): void => {
    switch (node.type) {
      case 'Pipeline':
        node.commands.forEach((c, i) => visit(c, i > 0));
        return;
      case 'Command':
        visitCommand(node, piped);
        forEachChild(node, (child) => visit(child, false));
        return;
      case 'Redirected':
        checkRedirects(node.redirects);
        break;
      case 'Function':
        verdicts.push(approve(`defines a shell function ${node.name.value}`));
        break;
      case 'Coproc':
        verdicts.push(approve('coproc starts a background process'));
        break;
      default:
        break;
    }
    forEachChild(node, (child) => visit(child, false));
  };
  visit(script, false);
  return { verdicts, unknownPrograms };
}

function lineOf(source: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
