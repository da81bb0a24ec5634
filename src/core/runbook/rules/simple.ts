/**
 * A rule from a declared shape: the options a program may take, and what its operands are
 * (files it reads, which get the credential and run-time path checks, or plain words).
 */
import { parseArgs, singleDashTable, table, type OptDef, type Parsed } from './argv.js';
import { approve, q, safe, type Cmd, type Rule, type Verdict } from './types.js';

export interface Shape {
  options: OptDef;
  /** 'files': every operand is a file the program reads; 'words': operands are data; 'none': no operands */
  operands?: 'files' | 'words' | 'none' | ((ops: string[], cmd: Cmd, p: Parsed) => Verdict[] | undefined);
  /** leading operands that are not files (grep's pattern) unless one of these options gave it */
  leadingWords?: { count: number; unless?: string[] };
  /** at most this many file operands (uniq IN OUT writes OUT) */
  maxFiles?: { count: number; why: string };
  singleDash?: boolean;
  posixOrder?: boolean;
  says?: string;
  check?: (p: Parsed, cmd: Cmd) => Verdict[] | undefined;
}

export function shapeRule(program: string, shape: Shape): Rule {
  const t = shape.singleDash ? singleDashTable(shape.options) : table(shape.options);
  return (cmd) => {
    const p = parseArgs(cmd.program, cmd.args, t, cmd, { posixOrder: shape.posixOrder });
    if (p.problems.length) return p.problems;
    const extra = shape.check?.(p, cmd) ?? [];
    if (extra.length) return extra;
    const ops = p.positionals;
    const kind = shape.operands ?? 'files';
    if (typeof kind === 'function') {
      const bad = kind(ops, cmd, p);
      if (bad?.length) return bad;
    } else if (kind === 'none' && ops.length) return approve(`${cmd.program} ${q(ops[0]!)} is an operand ${cmd.program} does not take when it only reads`);
    else if (kind === 'files') {
      let skip = shape.leadingWords?.count ?? 0;
      if (shape.leadingWords?.unless && p.options.some((o) => shape.leadingWords!.unless!.includes(o.name))) skip = 0;
      const files = ops.slice(skip);
      if (shape.maxFiles && files.length > shape.maxFiles.count) return approve(`${cmd.program} ${q(files[shape.maxFiles.count]!)} ${shape.maxFiles.why}`);
      const bad = files.map((f) => cmd.readPath(f)).filter((v): v is Verdict => !!v);
      if (bad.length) return bad;
    }
    return safe(`${program === cmd.program ? program : cmd.program} ${shape.says ?? 'only reads'}`);
  };
}

export function shapes(defs: Record<string, Shape>): Record<string, Rule> {
  const out: Record<string, Rule> = {};
  for (const [names, shape] of Object.entries(defs)) for (const n of names.split(' ')) out[n] = shapeRule(n, shape);
  return out;
}
