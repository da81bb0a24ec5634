/**
 * Everyday read-only tools and their declared options: cat, head, tail, wc, cut, sort, uniq, ls,
 * stat, du, df, date, ... Options that write (sort -o, date -s), read lists of files or formats
 * from a file the reviewer cannot see, or run programs (sort --compress-program) are not declared.
 */
import { shapes } from './simple.js';
import { approve, q, type Verdict } from './types.js';

const H = '--help --version';

export const coreutils = shapes({
  cat: { options: { flags: `-A -b -e -E -n -s -t -T -u -v --show-all --number-nonblank --number --squeeze-blank --show-ends --show-tabs --show-nonprinting ${H}` } },
  'zcat bzcat xzcat zstdcat': { options: { flags: `-f -q -v -l -t -k --force --quiet --verbose --list --test --keep ${H}` } },
  tac: { options: { flags: `-b -r --before --regex ${H}`, values: '-s --separator' } },
  head: { options: { flags: `-q -v -z --quiet --silent --verbose --zero-terminated ${H}`, values: '-n --lines -c --bytes', numeric: true } },
  tail: { options: { flags: `-f -F -q -v -z --retry --quiet --silent --verbose --zero-terminated ${H}`, optional: '--follow', values: '-n --lines -c --bytes -s --sleep-interval --pid --max-unchanged-stats', numeric: true } },
  wc: { options: { flags: `-l -w -c -m -L --lines --words --bytes --chars --max-line-length ${H}`, optional: '--total' } },
  cut: { options: { flags: `-s -n -z --only-delimited --complement --zero-terminated ${H}`, values: '-b -c -d -f --bytes --characters --delimiter --fields --output-delimiter' } },
  sort: {
    options: {
      flags: `-b -d -f -g -i -M -h -n -R -r -V -c -C -m -s -u -z --ignore-leading-blanks --dictionary-order --ignore-case --general-numeric-sort --ignore-nonprinting --month-sort --human-numeric-sort --numeric-sort --random-sort --reverse --version-sort --merge --stable --unique --zero-terminated --debug ${H}`,
      optional: '--check',
      values: '-k --key -t --field-separator -S --buffer-size --parallel --sort',
      files: '--random-source',
      deny: { '-o': 'writes its output to a file', '--output': 'writes its output to a file', '-T': 'writes temporary files into a directory', '--temporary-directory': 'writes temporary files into a directory', '--compress-program': 'runs a program to compress temporary files', '--files0-from': 'reads the list of files from a file' },
    },
  },
  uniq: { options: { flags: `-c -d -D -u -i -z --count --repeated --unique --ignore-case --zero-terminated ${H}`, optional: '--all-repeated --group', values: '-f -s -w --skip-fields --skip-chars --check-chars' }, maxFiles: { count: 1, why: 'is the output file of uniq INPUT OUTPUT, so uniq would write it' } },
  tr: { options: { flags: `-c -C -d -s -t --complement --delete --squeeze-repeats --truncate-set1 ${H}` }, operands: 'words' },
  nl: { options: { flags: `-p ${H}`, values: '-b -d -f -h -i -l -n -s -v -w --body-numbering --section-delimiter --footer-numbering --header-numbering --line-increment --number-format --number-separator --starting-line-number --number-width' } },
  'fold fmt': { options: { flags: `-b -s -c -t -u -p --bytes --spaces --split-only ${H}`, values: '-w --width -g --goal', numeric: true } },
  rev: { options: { flags: H } },
  'paste': { options: { flags: `-s -z --serial --zero-terminated ${H}`, values: '-d --delimiters' } },
  join: { options: { flags: `-i --ignore-case --check-order --nocheck-order --header -z ${H}`, values: '-a -e -j -o -t -v -1 -2' } },
  comm: { options: { flags: `-1 -2 -3 -i --check-order --nocheck-order --total -z ${H}`, values: '--output-delimiter' } },
  'expand unexpand': { options: { flags: `-i -a --initial --all ${H}`, values: '-t --tabs' } },
  column: { options: { flags: `-t -x -n -e -J -L --table --fillrows --json ${H}`, values: '-s -o -c -N -R -T -E -H -W -r --separator --output-separator --output-width --table-columns --table-name' } },
  numfmt: { options: { flags: `-z --debug ${H}`, values: '-d --delimiter --field --format --from --from-unit --grouping --header --invalid --padding --round --suffix --to --to-unit' }, operands: 'words' },
  'md5sum sha1sum sha256sum sha512sum b2sum cksum sum': { options: { flags: `-b -t -z --binary --text --tag --zero --quiet --status --strict -w --warn --ignore-missing ${H}`, optional: '-c --check', values: '-a --algorithm -l --length' } },
  base64: { options: { flags: `-d -i --decode --ignore-garbage ${H}`, values: '-w --wrap' }, maxFiles: { count: 1, why: 'is a second operand base64 does not take' } },
  strings: { options: { flags: `-a -d -f -w --all --data --print-file-name --include-all-whitespace ${H}`, values: '-n --bytes -t --radix -e --encoding -s --output-separator', numeric: true } },
  'od': { options: { flags: `-b -c -d -f -i -l -o -s -x -v --output-duplicates --traditional ${H}`, values: '-A --address-radix -j --skip-bytes -N --read-bytes -S --strings -t --format -w --width --endian' } },
  hexdump: { options: { flags: `-b -c -C -d -o -x -v --canonical --one-byte-octal --one-byte-char --two-bytes-decimal --two-bytes-octal --two-bytes-hex --no-squeezing ${H}`, values: '-n --length -s --skip -e --format', files: '-f --format-file' } },
  'ls dir': {
    options: {
      flags: `-a -A -b -B -c -C -d -f -F -g -G -h -H -i -k -l -L -m -n -N -o -p -q -Q -r -R -s -S -t -u -U -v -x -X -Z -1 --all --almost-all --escape --ignore-backups --directory --classify --no-group --human-readable --si --dereference --dereference-command-line --inode --numeric-uid-gid --literal --hide-control-chars --quote-name --reverse --recursive --size --group-directories-first --full-time --author --context ${H}`,
      optional: '--color --hyperlink --indicator-style --quoting-style --time-style --time --format --sort --block-size',
      values: '-I --ignore --hide -w --width -T --tabsize',
    },
    operands: 'words',
  },
  stat: { options: { flags: `-L -f -t --dereference --file-system --terse ${H}`, values: '-c --format --printf --cached' }, operands: 'words' },
  file: { options: { flags: `-b -i -k -L -h -N -n -p -r -s -z -Z -0 -E --brief --mime --mime-type --mime-encoding --keep-going --dereference --no-dereference --special-files --uncompress ${H}`, values: '-e --exclude -F --separator -P --parameter', deny: { '-m': 'reads a magic file', '--magic-file': 'reads a magic file', '-f': 'reads the list of files from a file', '--files-from': 'reads the list of files from a file', '-C': 'writes a compiled magic file', '--compile': 'writes a compiled magic file' } }, operands: 'words' },
  du: { options: { flags: `-0 -a -b -c -D -H -k -L -l -m -P -S -s -x -h --all --apparent-size --bytes --total --dereference-args --human-readable --si --count-links --dereference --no-dereference --separate-dirs --summarize --one-file-system --inodes ${H}`, optional: '--time --time-style', values: '-B --block-size -d --max-depth -t --threshold --exclude', deny: { '-X': 'reads exclude patterns from a file', '--exclude-from': 'reads exclude patterns from a file', '--files0-from': 'reads the list of files from a file' } }, operands: 'words' },
  df: { options: { flags: `-a -h -H -i -k -l -P -T -v --all --human-readable --si --inodes --local --no-sync --sync --portability --print-type --total ${H}`, optional: '--output', values: '-B --block-size -t --type -x --exclude-type' }, operands: 'words' },
  free: { options: { flags: `-b -k -m -g -h -l -t -v -w --bytes --kilo --mega --giga --tera --peta --kibi --mebi --gibi --tebi --pebi --human --si --lohi --total --committed --wide ${H}`, values: '-s --seconds -c --count' }, operands: 'none' },
  uptime: { options: { flags: `-p -s --pretty --since ${H}` }, operands: 'none' },
  'whoami tty arch nproc logname': { options: { flags: `--all -s --silent ${H}`, values: '--ignore' }, operands: 'none' },
  id: { options: { flags: `-a -Z -g -G -n -r -u -z --context --group --groups --name --real --user --zero ${H}` }, operands: 'words' },
  groups: { options: { flags: H }, operands: 'words' },
  uname: { options: { flags: `-a -s -n -r -v -m -p -i -o --all --kernel-name --nodename --kernel-release --kernel-version --machine --processor --hardware-platform --operating-system ${H}` }, operands: 'none' },
  hostname: { options: { flags: `-a -A -d -f -i -I -s -y --alias --all-fqdns --domain --fqdn --long --ip-address --all-ip-addresses --short --yp ${H}` }, operands: 'none', says: 'only prints the host name' },
  date: {
    options: { flags: `-u --utc --universal -R --rfc-email --debug ${H}`, optional: '-I --iso-8601 --rfc-3339', values: '-d --date', files: '-r --reference', deny: { '-s': 'sets the system clock', '--set': 'sets the system clock', '-f': 'reads dates from a file, printing its lines in error messages', '--file': 'reads dates from a file, printing its lines in error messages' } },
    operands: (ops) => {
      const bad = ops.find((o) => !o.startsWith('+'));
      return bad ? [approve(`date ${q(bad)} sets the system clock`)] : undefined;
    },
  },
  'basename dirname realpath readlink': { options: { flags: `-a -s -z -e -f -m -n -q -v -L -P -E --multiple --zero --canonicalize --canonicalize-existing --canonicalize-missing --no-newline --quiet --silent --verbose --logical --physical --strip --no-symlinks ${H}`, values: '--suffix --relative-to --relative-base' }, operands: 'words' },
  'seq': { options: { flags: `-w --equal-width ${H}`, values: '-f --format -s --separator' }, operands: 'words' },
  'sleep': { options: { flags: H }, operands: 'words', says: 'only waits' },
  'true false :': { options: {}, operands: 'words', says: 'does nothing' },
  expr: { options: { flags: H }, operands: 'words', says: 'only computes a value' },
  'diff': { options: { flags: `-q -s -c -u -e -n -y -t -T -l -r -N -a -b -w -B -i -E -Z --brief --report-identical-files --normal --side-by-side --left-column --suppress-common-lines --expand-tabs --initial-tab --recursive --new-file --unidirectional-new-file --text --ignore-case --ignore-tab-expansion --ignore-trailing-space --ignore-space-change --ignore-all-space --ignore-blank-lines --strip-trailing-cr --minimal --speed-large-files ${H}`, optional: '--color --context --unified', values: '-C -U -W --width -x --exclude -I --ignore-matching-lines -S --starting-file --label --tabsize', numeric: true, deny: { '-l': 'pipes the output through the pr program', '--paginate': 'pipes the output through the pr program', '-X': 'reads exclude patterns from a file', '--exclude-from': 'reads exclude patterns from a file', '-D': 'writes C preprocessor output', '--ifdef': 'writes C preprocessor output', '--to-file': 'compares against a file', '--from-file': 'compares against a file' } } },
  cmp: { options: { flags: `-b -l -s --print-bytes --verbose --quiet --silent ${H}`, values: '-i --ignore-initial -n --bytes' } },
  tree: { options: { flags: '-a -d -l -f -x -i -q -N -Q -p -u -g -s -h -D -F -v -t -c -U -r -C -n -A -S --du --si --dirsfirst --noreport --prune --help --version -J -X', values: '-L -P -I --charset --filelimit --timefmt --sort' }, operands: 'words' },
  'which whereis': { options: { flags: '-a -b -m -s -u -l --all --skip-alias --skip-functions --read-alias --read-functions' }, operands: 'words', says: 'only looks up programs' },
  'locale': { options: { flags: '-a -m -c -k -v --all-locales --charmaps --category-name --keyword-name --verbose' }, operands: 'words' },
  'lscpu': { options: { flags: '-a -b -c -B -C -J -p -s -x -y -e --all --online --offline --bytes --json --hex --physical --extended --parse', optional: '--extended= --parse=' }, operands: 'none' },
  'lsblk': { options: { flags: '-a -b -d -D -f -J -l -m -n -p -P -r -s -S -t -z -A --all --bytes --nodeps --discard --fs --json --list --perms --noheadings --paths --pairs --raw --inverse --scsi --topology --zoned', values: '-o --output -e --exclude -I --include -x --sort -E --dedup' }, operands: 'words' },
  'lsmod': { options: {}, operands: 'none' },
  'w who users last lastlog': { options: { flags: '-h -u -s -f -i -o -a -b -d -H -l -m -p -q -r -t -T -w -x -F --no-header --short --from --ip --all --boot --dead --heading --login --lookup --mesg --process --count --runlevel --time --users', values: '-n --limit' }, operands: 'words' },
  'getconf': { options: { flags: '-a' }, operands: 'words' },
  'nproc': { options: { flags: '--all', values: '--ignore' }, operands: 'none' },
});

/** test and [ take an expression, not options: -gt, -f and -z are its operators. */
coreutils.test = coreutils['['] = (cmd) => ({ safety: 'safe', reason: `${cmd.program} only tests a condition` });

/** getent databases that hold password hashes. */
coreutils.getent = (cmd) => {
  const db = cmd.args.find((a) => !a.startsWith('-'));
  if (db === 'shadow' || db === 'gshadow') return approve(`getent ${q(db)} prints password hashes`);
  return { safety: 'safe', reason: 'getent only looks up entries' };
};

/** uniq-style operands are shared with the checks in other rule files. */
export function badOperands(program: string, ops: string[], re: RegExp, why: string): Verdict[] | undefined {
  const bad = ops.find((o) => re.test(o));
  return bad ? [approve(`${program} ${q(bad)} ${why}`)] : undefined;
}
