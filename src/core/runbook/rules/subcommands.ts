/**
 * The common shape of CLIs with subcommands (kubectl, docker, pm2, systemctl, wrangler, ...):
 * declared global options, then a subcommand from the read-only list, then only the options and
 * operands declared for that subcommand. A value option is never mistaken for the subcommand,
 * because an undeclared option before the subcommand stops the parse and gates the command.
 */
import { parseArgs, table, type OptDef, type Parsed, type Table } from './argv.js';
import { approve, q, safe, type Cmd, type Rule, type Verdict } from './types.js';

export interface SubShape {
  options?: OptDef;
  /** checks the operands after the subcommand words; returns the problems */
  operands?: (operands: string[], cmd: Cmd) => Verdict[] | undefined;
  /** extra check on the parsed options */
  check?: (p: Parsed, cmd: Cmd) => Verdict[] | undefined;
  /** the verb phrase of the safe reason; default "only reads" */
  says?: string;
}

export interface CliSpec {
  program: string;
  /** options allowed before the subcommand */
  global: OptDef;
  /** cobra-style CLIs take the global options after the subcommand too */
  interspersed?: boolean;
  /** read-only subcommands: 'get', 'config view', 'inspect *' (any next word) */
  read: Record<string, SubShape>;
  /** notable subcommands that are not read-only, with why: { exec: 'runs a command inside a container' } */
  gated?: Record<string, string>;
  /** the program with no subcommand at all (only global options such as --version) */
  bare?: string;
}

export function cliRule(spec: CliSpec): Rule {
  const globalTable = table(spec.global);
  const subTables = new Map<string, Table>();
  const tableFor = (key: string): Table => {
    let t = subTables.get(key);
    if (!t) {
      t = spec.interspersed ? table(spec.global, spec.read[key]!.options ?? {}) : table(spec.read[key]!.options ?? {});
      subTables.set(key, t);
    }
    return t;
  };
  const p = spec.program;
  return (cmd) => {
    const g = parseArgs(p, cmd.args, globalTable, cmd, { stopAtPositional: true });
    if (g.problems.length) return g.problems;
    const rest = g.rest;
    if (!rest.length) {
      if (spec.bare && g.options.length === 0) return safe(`${p} without a subcommand ${spec.bare}`);
      if (g.options.some((o) => /^(--version|-v|-V|--help|-h|version)$/.test(o.name))) return safe(`${p} ${q(g.options[0]!.word)} only prints information`);
      return approve(`${p} without a subcommand is not a read-only ${p} command`);
    }
    for (let n = Math.min(3, rest.length); n >= 1; n--) {
      const words = rest.slice(0, n);
      if (words.some((w) => w.startsWith('-'))) continue;
      const key = words.join(' ');
      const wild = [...words.slice(0, -1), '*'].join(' ');
      const readKey = Object.hasOwn(spec.read, key) ? key : n > 1 && Object.hasOwn(spec.read, wild) ? wild : undefined;
      if (readKey) {
        const shape = spec.read[readKey]!;
        const parsed = parseArgs(p, rest.slice(n), tableFor(readKey), cmd);
        if (parsed.problems.length) return parsed.problems;
        const extra = [...(shape.check?.(parsed, cmd) ?? []), ...(shape.operands?.(parsed.positionals, cmd) ?? [])];
        if (extra.length) return extra;
        return safe(`${p} ${key} ${shape.says ?? 'only reads'}`);
      }
      const why = spec.gated && (Object.hasOwn(spec.gated, key) ? spec.gated[key] : n > 1 && Object.hasOwn(spec.gated, wild) ? spec.gated[wild] : undefined);
      if (why) return approve(`${p} ${q(key)} ${why}`);
    }
    const shown = rest.slice(0, 2).filter((w) => !w.startsWith('-')).join(' ') || rest[0]!;
    return approve(`${p} ${q(shown)} is not a read-only ${p} command`);
  };
}

/** Operands that must not name secrets: `kubectl get secret`, `docker secret inspect`. */
export function noSecrets(what: string): (ops: string[]) => Verdict[] | undefined {
  return (ops) => {
    const bad = ops.find((o) => /(^|[/,.])(secrets?)([/,.]|$)/i.test(o));
    return bad ? [approve(`${what} ${q(bad)} prints credentials, which must not reach the channel`)] : undefined;
  };
}
