/**
 * grep and ripgrep. The first operand is the pattern (unless -e/-f gave it), the rest are files
 * read. A recursive search of a directory that holds credentials (/, /etc, /root, /home, ~) is
 * gated: its matches would post secrets. ripgrep's --pre runs a program on every file.
 */
import { shapes } from './simple.js';
import { approve, q, type Cmd, type Verdict } from './types.js';
import type { Parsed } from './argv.js';

const SECRET_TREES = /^(\/|\/etc\/?|\/root\/?|\/home\/?|\/home\/[^/]+\/?|~\/?|\$HOME\/?|\$\{HOME\}\/?|\/var\/lib\/?|\/run\/?|\/proc\/?|\/srv\/?|\/opt\/?|\/usr\/?)$/;

function recursiveTrees(program: string, recursiveAlways: boolean) {
  return (p: Parsed, cmd: Cmd): Verdict[] | undefined => {
    const recursive = recursiveAlways || p.options.some((o) => /^(-r|-R|--recursive|--dereference-recursive)$/.test(o.name));
    if (!recursive) return undefined;
    const patternGiven = p.options.some((o) => /^(-e|--regexp|-f|--file)$/.test(o.name));
    const dirs = p.positionals.slice(patternGiven ? 0 : 1);
    const bad = dirs.find((d) => SECRET_TREES.test(d));
    void cmd;
    return bad ? [approve(`${program} searches ${q(bad)} recursively, a tree that holds credentials whose matching lines would reach the channel`)] : undefined;
  };
}

const GREP_FLAGS =
  '-i -y -v -c -l -L -n -h -H -o -q -s -r -R -w -x -E -F -G -P -a -I -z -Z -b -U -T --ignore-case --no-ignore-case --invert-match --count --files-with-matches ' +
  '--files-without-match --line-number --no-filename --with-filename --only-matching --quiet --silent --no-messages --recursive --dereference-recursive --word-regexp ' +
  '--line-regexp --extended-regexp --fixed-strings --basic-regexp --perl-regexp --text --byte-offset --binary --initial-tab --null --null-data --line-buffered --help --version';

export const search = shapes({
  'grep egrep fgrep zgrep': {
    options: {
      flags: GREP_FLAGS,
      optional: '--color --colour',
      values: '-e --regexp -m --max-count -A -B -C --after-context --before-context --context --include --exclude --exclude-dir --binary-files -d --directories -D --devices --label --group-separator',
      files: '-f --file',
      numeric: true,
      deny: { '--exclude-from': 'reads exclude patterns from a file' },
    },
    leadingWords: { count: 1, unless: ['-e', '--regexp', '-f', '--file'] },
    check: recursiveTrees('grep', false),
  },
  'rg': {
    options: {
      flags:
        '-i -s -S -v -c -l -n -N -H -I -o -q -w -x -F -P -U -a -z -L -u -uu -uuu -0 -p --ignore-case --case-sensitive --smart-case --invert-match --count --count-matches ' +
        '--files-with-matches --files-without-match --line-number --no-line-number --with-filename --no-filename --only-matching --quiet --word-regexp --line-regexp ' +
        '--fixed-strings --pcre2 --multiline --multiline-dotall --text --search-zip --follow --hidden --no-ignore --no-ignore-vcs --no-ignore-dot --no-ignore-global ' +
        '--no-ignore-parent --no-heading --heading --vimgrep --json --stats --files --sort-files --trim --null --column --no-messages --no-config --crlf --pretty ' +
        '--no-require-git --one-file-system --byte-offset --passthru --line-buffered --block-buffered --unrestricted --help --version --type-list',
      optional: '--color --colors',
      values: '-e --regexp -g --glob --iglob -t --type -T --type-not -m --max-count -A -B -C --after-context --before-context --context --max-depth --maxdepth -M --max-columns ' +
        '--max-filesize -r --replace --sort --sortr --engine --encoding -E --field-match-separator --field-context-separator --context-separator --path-separator --threads -j --dfa-size-limit --regex-size-limit --type-add',
      files: '-f --file --ignore-file',
      deny: { '--pre': 'runs a program on every file it searches', '--pre-glob': 'runs a preprocessor program', '--hostname-bin': 'runs a program to find the host name' },
    },
    leadingWords: { count: 1, unless: ['-e', '--regexp', '-f', '--file', '--files', '--type-list'] },
    check: recursiveTrees('rg', true),
  },
});
