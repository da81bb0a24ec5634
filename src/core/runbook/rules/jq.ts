/**
 * jq and yq: filters over their input. The filter is checked for what reaches outside the input:
 * env / $ENV (the environment holds secrets), import/include (code from files), yq's load()
 * and strenv(); options that read other files (--rawfile, --slurpfile, -f) get the file checks,
 * and yq -i / --split-exp write files.
 */
import { parseArgs, table } from './argv.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';

const JQ = table({
  flags: '-r -j -a -c -s -n -e -S -C -M -R -h -V --raw-output --raw-output0 --join-output --ascii-output --compact-output --slurp --null-input --exit-status --sort-keys --color-output ' +
    '--monochrome-output --raw-input --tab --seq --stream --stream-errors --unbuffered --help --version --build-configuration -0 --args --jsonargs',
  values: '--indent',
  pairs: '--arg --argjson',
  deny: { '-L': 'loads modules from a directory', '--library-path': 'loads modules from a directory', '-f': 'reads its filter from a file', '--from-file': 'reads its filter from a file', '--rawfile': 'reads a file into a variable', '--slurpfile': 'reads a file into a variable' },
});
const YQ = table({
  flags: '-r -j -c -n -e -C -M -P -N -h -V -0 --raw-output --tojson --compact-output --null-input --exit-status --colors --no-colors --prettyPrint --no-doc --help --version --unwrapScalar -v --verbose --nul-output --header-preprocess',
  values: '-o --output-format -p --input-format -I --indent --expression --xml-attribute-prefix --xml-content-name --lua-prefix --properties-separator --csv-separator',
  optional: '--front-matter',
  pairs: '--arg --argjson',
  deny: { '-i': 'edits the file in place', '--inplace': 'edits the file in place', '-s': 'writes one file per document', '--split-exp': 'writes one file per document', '--from-file': 'reads its expression from a file' },
});

const FILTER_CHECKS: [RegExp, string][] = [
  [/(^|[^\w$])\$?ENV\b|(^|[^\w.$])env\b|\bstrenv\s*\(|\benv\s*\(/, 'reads the environment, which holds secrets'],
  [/\b(import|include)\b/, 'loads code from a file'],
  [/\bload(_str|_base64|_xml|_props)?\s*\(/, 'reads another file'],
  [/\binput_filename\b|\$__loc__/, 'reads file names'],
];

function filterProblems(program: string, filter: string): Verdict[] {
  const code = filter.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const out: Verdict[] = [];
  for (const [re, why] of FILTER_CHECKS) if (re.test(code) && !why.startsWith('reads file names')) out.push(approve(`${program} filter ${q(filter)} ${why}`));
  return out;
}

function jqLike(t: typeof JQ, verbs: string[]): Rule {
  return (cmd) => {
    const p = parseArgs(cmd.program, cmd.args, t, cmd);
    if (p.problems.length) return p.problems;
    const ops = [...p.positionals];
    if (cmd.program === 'yq' && verbs.includes(ops[0] ?? '')) ops.shift();
    const given = p.options.find((o) => o.name === '--expression');
    const filter = given?.value ?? ops.shift() ?? '.';
    const out = filterProblems(cmd.program, filter);
    const argsMode = p.options.some((o) => o.name === '--args' || o.name === '--jsonargs');
    if (!argsMode) for (const f of ops) {
      const v = cmd.readPath(f);
      if (v) out.push(v);
    }
    return out.length ? out : safe(`${cmd.program} only filters its input`);
  };
}

export const jq = jqLike(JQ, []);
export const yq = jqLike(YQ, ['eval', 'e', 'eval-all', 'ea']);
