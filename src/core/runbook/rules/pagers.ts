/**
 * less, more, xxd, tee, echo, printf. less writes a log file with -o/-O, runs lesskey files and
 * starts with commands given as +cmd (which can run shell commands); xxd -r turns hex back into a
 * binary and writes its second operand; tee writes every file operand; printf -v assigns.
 */
import { parseArgs, singleDashTable, table } from './argv.js';
import { shapes } from './simple.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const noStartCommands = (program: string) => (ops: string[]): Verdict[] | undefined => {
  const bad = ops.find((o) => o.startsWith('+') && !/^\+(\d+|\/[^!|]*|G)$/.test(o));
  return bad ? [approve(`${program} ${q(bad)} runs ${program} commands at start, which can run shell commands`)] : undefined;
};

export const pagers = shapes({
  less: {
    options: {
      flags: '-a -A -B -c -C -d -e -E -f -F -g -G -i -I -J -K -L -m -M -n -N -q -Q -r -R -s -S -u -U -V -w -W -X -~ --chop-long-lines --quit-if-one-screen --no-init --RAW-CONTROL-CHARS --raw-control-chars --LINE-NUMBERS --ignore-case --IGNORE-CASE --squeeze-blank-lines --quiet --silent --help --version --use-color',
      values: '-b -h -j -p -P -x -y -z -# --buffers --max-back-scroll --jump-target --pattern --prompt --tabs --max-forw-scroll --window --shift',
      deny: { '-o': 'writes a log file', '-O': 'writes a log file', '--log-file': 'writes a log file', '--LOG-FILE': 'writes a log file', '-k': 'reads a lesskey file of key bindings', '--lesskey-file': 'reads a lesskey file of key bindings', '--lesskey-src': 'reads a lesskey file of key bindings', '-t': 'reads a tags file', '--tag': 'reads a tags file', '-T': 'reads a tags file', '--tag-file': 'reads a tags file' },
    },
    operands: (ops, cmd) => noStartCommands('less')(ops) ?? ops.filter((o) => !o.startsWith('+')).map((f) => cmd.readPath(f)).filter((v): v is Verdict => !!v),
  },
  more: {
    options: { flags: '-d -f -l -c -p -s -u -e --silent --logical --no-pause --print-over --clean-print --squeeze --plain --exit-on-eof --help --version', values: '-n --lines', numeric: true },
    operands: (ops, cmd) => noStartCommands('more')(ops) ?? ops.filter((o) => !o.startsWith('+')).map((f) => cmd.readPath(f)).filter((v): v is Verdict => !!v),
  },
});

const XXD = singleDashTable({
  flags: '-a -autoskip -b -bits -C -capitalize -E -EBCDIC -e -i -include -p -ps -postscript -plain -u -uppercase -h -help -v -version -d',
  values: '-c -cols -g -groupsize -l -len -n -name -o -offset -s -seek',
  deny: { '-r': 'turns hex back into binary and writes it', '-revert': 'turns hex back into binary and writes it' },
});
export const xxd: Rule = (cmd) => {
  const p = parseArgs('xxd', cmd.args, XXD, cmd);
  if (p.problems.length) return p.problems;
  if (p.positionals.length > 1) return approve(`xxd ${q(p.positionals[1]!)} is an output file, so xxd would write it`);
  const v = p.positionals[0] ? cmd.readPath(p.positionals[0]) : undefined;
  return v ?? safe('xxd only prints a hex dump');
};

const TEE = table({ flags: '-a --append -i --ignore-interrupts -p --help --version', optional: '--output-error' });
export const tee: Rule = (cmd) => {
  const p = parseArgs('tee', cmd.args, TEE, cmd);
  if (p.problems.length) return p.problems;
  const file = p.positionals.find((f) => !/^\/dev\/(null|stdout|stderr)$/.test(f));
  return file ? approve(`tee ${q(file)} writes a file`) : safe('tee without a file only copies its input to the output');
};

export const echo: Rule = (cmd) => safe(`${cmd.program} only prints its arguments`);
export const printf: Rule = (cmd) => (cmd.args[0] === '-v' ? approve(`printf ${q('-v')} assigns the result to a shell variable`) : safe('printf only prints its arguments'));
