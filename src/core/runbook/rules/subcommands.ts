/**
 * The common shape of CLI tools with subcommands (kubectl, pm2, docker, vercel, ...):
 * a list of read-only subcommands; everything else needs approval.
 */
import { approve, hasFlag, positionals, safe, type Rule, type Verdict } from './types.js';

export interface SubcommandSpec {
  program: string;
  /** flags that take a separate value (so their value is not mistaken for a subcommand) */
  valueFlags?: string[];
  /** read-only subcommands: 'logs', 'config view', 'inspect *' (any second word) */
  read: string[];
  /** specific reasons for notable non-read subcommands: { exec: 'runs a command inside a container' } */
  reasons?: Record<string, string>;
  /** extra checks run before the list (flags that write files, streaming, ...) */
  check?: (args: string[], words: string[]) => Verdict | undefined;
}

export function subcommandRule(spec: SubcommandSpec): Rule {
  const valueFlags = new Set(spec.valueFlags ?? []);
  const read = new Set(spec.read);
  return (cmd) => {
    const words = positionals(cmd.args, valueFlags);
    const extra = spec.check?.(cmd.args, words);
    if (extra) return extra;
    const [w1, w2] = words;
    if (w1 === undefined) {
      if (hasFlag(cmd.args, '--version', '-v', '-V', '--help', '-h', 'version')) return safe(`${spec.program} --version/--help only prints information`);
      return approve(`${spec.program} without a subcommand: not on the read-only list`);
    }
    const two = w2 !== undefined ? `${w1} ${w2}` : undefined;
    if ((two && read.has(two)) || read.has(w1) || read.has(`${w1} *`)) {
      return safe(`${spec.program} ${two && read.has(two) ? two : w1} is read-only`);
    }
    const special = (two && spec.reasons?.[two]) ?? spec.reasons?.[w1];
    if (special) return approve(`${spec.program} ${two && spec.reasons?.[two] ? two : w1} ${special}`);
    return approve(`${spec.program} ${two ?? w1} is not a read-only ${spec.program} command`);
  };
}
