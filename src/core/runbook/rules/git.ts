/**
 * git: history and state inspection. Global options that change which repository, configuration or
 * helper programs git uses (-c, --config-env, -C, --git-dir, --work-tree, --exec-path) are never
 * allowed, nor options that run programs (--ext-diff, -O) or write files (--output).
 */
import type { OptDef } from './argv.js';
import { cliRule, type SubShape } from './subcommands.js';
import { approve, q, type Verdict } from './types.js';

const NEVER = {
  '-c': 'sets configuration, which can name programs git runs (diff.external, core.pager, core.sshCommand)',
  '--config-env': 'sets configuration from the environment, which can name programs git runs',
  '-C': 'switches to another repository, whose configuration may run programs',
  '--git-dir': 'points git at another repository, whose configuration may run programs',
  '--work-tree': 'points git at another work tree',
  '--namespace': 'switches the ref namespace',
  '--super-prefix': 'is internal to git',
  '--list-cmds': 'is internal to git',
};
const PAGER = { '-p': 'pipes the output through a pager program', '--paginate': 'pipes the output through a pager program', '--exec-path': 'changes where git finds the programs it runs' };
const RUNS = {
  '--ext-diff': 'runs the external diff program named in configuration or GIT_EXTERNAL_DIFF',
  '--output': 'writes the output to a file',
  '-O': 'reads an order file',
  '--open-files-in-pager': 'runs a pager program on the matching files',
  '--no-index': 'compares arbitrary files outside the repository',
};
const DIFF: OptDef = {
  flags: '-p -u --patch -s --no-patch --raw --patch-with-raw --stat --shortstat --numstat --dirstat --summary --name-only --name-status --compact-summary --no-color --color-moved ' +
    '--full-index --binary --no-ext-diff --no-textconv --ignore-space-at-eol -b --ignore-space-change -w --ignore-all-space --ignore-blank-lines ' +
    '--minimal --patience --histogram --exit-code --quiet --cached --staged -R --text -a --no-renames --find-renames -M --find-copies -C --irreversible-delete -D --check --merge-base',
  optional: '--color --word-diff --word-diff-regex --abbrev --relative --submodule --diff-algorithm --stat-width --dirstat-by-file --find-renames= --unified',
  values: '-U --diff-filter -S -G --pickaxe-regex --src-prefix --dst-prefix --line-prefix -l --inter-hunk-context',
  deny: RUNS,
};
const LOG: OptDef = {
  flags: '--oneline --graph --all --branches --tags --remotes --no-merges --merges --first-parent --reverse --abbrev-commit --no-abbrev-commit --full-history ' +
    '--simplify-by-decoration --left-right --cherry-pick --cherry-mark --boundary --date-order --topo-order --author-date-order --no-walk --walk-reflogs -g ' +
    '--follow --full-diff --show-signature --no-decorate --source --use-mailmap --children --parents --log-size -m --cc -c --remerge-diff --notes --no-notes -i --regexp-ignore-case -E --extended-regexp -F --fixed-strings --all-match --invert-grep',
  optional: '--decorate --pretty --date --expand-tabs --show-linear-break',
  values: '-n --max-count --skip --since --after --until --before --author --committer --grep --format -L --min-parents --max-parents --exclude --glob',
  numeric: true,
};
const REVS = (ops: string[]): Verdict[] | undefined => {
  const bad = ops.find((o) => o.includes('::') || /^[a-z][\w+.-]*:\/\//i.test(o));
  return bad ? [approve(`git operand ${q(bad)} names a remote transport, which can run programs`)] : undefined;
};
const sub = (options: OptDef = {}, extra: Partial<SubShape> = {}): SubShape => ({ options, operands: REVS, ...extra });

export const git = cliRule({
  program: 'git',
  global: { flags: '--no-pager -P --no-replace-objects --literal-pathspecs --no-optional-locks --version --help -h --html-path --man-path --info-path', denyValues: NEVER, deny: PAGER },
  read: {
    log: sub(merge(LOG, DIFF)),
    show: sub(merge(LOG, DIFF)),
    whatchanged: sub(merge(LOG, DIFF)),
    diff: {
      options: DIFF,
      operands: (ops) => {
        // git diff with a path outside the work tree silently becomes --no-index and prints any file
        const outside = ops.find((o) => o.startsWith('/') || o.startsWith('~') || o.split('/').includes('..') || o.startsWith('$'));
        return outside ? [approve(`git diff ${q(outside)} names a path outside the repository, so git compares arbitrary files`)] : REVS(ops);
      },
    },
    shortlog: sub({ flags: '-s --summary -n --numbered -e --email -c --committer --all --no-merges', values: '--since --until --format --group' }),
    status: sub({ flags: '-s --short -b --branch --long --show-stash --ahead-behind --no-ahead-behind --ignored --renames --no-renames -v --verbose -z', optional: '--porcelain -u --untracked-files --ignore-submodules --column' }),
    'rev-parse': sub({ flags: '--verify --short --abbrev-ref --symbolic --symbolic-full-name --show-toplevel --show-prefix --show-cdup --git-dir --git-common-dir --absolute-git-dir --is-inside-work-tree --is-inside-git-dir --is-bare-repository --is-shallow-repository -q --quiet --all --branches --tags --remotes --sq --show-object-format', optional: '--short= --abbrev-ref= --default' }),
    describe: sub({ flags: '--tags --all --always --long --exact-match --contains --first-parent --debug', optional: '--abbrev --dirty --broken --candidates', values: '--match --exclude' }),
    blame: sub({ flags: '-w -M -C -e -s -l -t -f -n -p --porcelain --line-porcelain --show-email --show-name --show-number --root --incremental -c --progress --no-progress --color-lines --color-by-age', values: '-L --date --since --ignore-rev', deny: { '-S': 'reads revisions from a file', '--contents': 'reads a file outside the repository', '--ignore-revs-file': 'reads revisions from a file' } }),
    'ls-files': sub({ flags: '-c --cached -d --deleted -m --modified -o --others -i --ignored -s --stage -u --unmerged -k --killed -z -t -v -f --full-name --error-unmatch --exclude-standard --directory --no-empty-directory --eol --deduplicate --recurse-submodules', values: '-x --exclude --format --abbrev', deny: { '-X': 'reads patterns from a file', '--exclude-from': 'reads patterns from a file', '--exclude-per-directory': 'reads patterns from files' } }),
    'ls-tree': sub({ flags: '-d -r -t -l --long -z --name-only --name-status --object-only --full-name --full-tree', optional: '--abbrev', values: '--format' }),
    'ls-remote': {
      options: { flags: '--heads --tags --refs -q --quiet --exit-code --get-url --symref -h -t -b --branches', values: '--sort', deny: { '--upload-pack': 'runs a program on the remote side', '-o': 'sends options to the server', '--server-option': 'sends options to the server' } },
      operands: (ops) => {
        const url = ops[0];
        if (url && (url.includes('::') || (/:\/\//.test(url) && !/^https?:\/\//i.test(url)) || url.startsWith('-'))) return [approve(`git ls-remote ${q(url)} uses a transport other than https, which can run programs`)];
        return undefined;
      },
    },
    'cat-file': sub({ flags: '-t -s -e -p --batch-check --batch --allow-unknown-type --follow-symlinks' , deny: { '--textconv': 'runs the textconv filter program from configuration', '--filters': 'runs the filter programs from configuration' } }),
    'rev-list': sub(merge(LOG, { flags: '--count --objects --objects-edge --disk-usage --left-only --right-only --no-object-names' })),
    'merge-base': sub({ flags: '--all --octopus --independent --is-ancestor --fork-point' }),
    'name-rev': sub({ flags: '--tags --all --name-only --no-undefined --always --annotate-stdin', values: '--refs --exclude' }),
    'for-each-ref': sub({ flags: '--shell --perl --python --tcl --ignore-case --omit-empty', values: '--count --sort --format --points-at --merged --no-merged --contains --no-contains --exclude' }),
    'show-ref': sub({ flags: '--head --heads --tags --branches -d --dereference -s --hash --verify -q --quiet --exists --abbrev' }),
    'show-branch': sub({ flags: '-r --remotes -a --all --current --topo-order --date-order --sparse --more --list --merge-base --independent --no-name --sha1-name --topics' }),
    'count-objects': sub({ flags: '-v --verbose -H --human-readable' }),
    'check-ignore': sub({ flags: '-q --quiet -v --verbose -n --non-matching --no-index' }),
    'verify-commit': sub({ flags: '-v --verbose --raw' }),
    'verify-tag': sub({ flags: '-v --verbose --raw', values: '--format' }),
    version: sub({ flags: '--build-options' }),
    grep: sub({ flags: '-n --line-number -i --ignore-case -w --word-regexp -v --invert-match -l --files-with-matches -L --files-without-match -c --count -h -H --full-name -E --extended-regexp -F --fixed-strings -P --perl-regexp -G --basic-regexp --cached --untracked -I -a --text -r --recursive -q --quiet --all-match --heading --break -o --only-matching -z --column --no-color --show-function -p -W --function-context --and --or --not ( )', optional: '--color', values: '-e -A -B -C --after-context --before-context --context --max-depth -m --max-count --threads', deny: { '-f': 'reads patterns from a file', '-O': 'runs a pager program on the matching files', '--open-files-in-pager': 'runs a pager program on the matching files', '--no-index': 'searches files outside the repository' } }),
    'stash list': sub(merge(LOG, DIFF)),
    'stash show': sub(DIFF),
    reflog: sub(LOG),
    'reflog show': sub(LOG),
    'worktree list': sub({ flags: '--porcelain -v --verbose -z' }),
    'remote': { options: { flags: '-v --verbose' }, operands: (ops) => (ops.length ? [approve(`git remote ${q(ops[0]!)} is not a read-only git command`)] : undefined) },
    'remote show': { options: { flags: '-n' } },
    'remote get-url': { options: { flags: '--push --all' } },
    branch: { options: { flags: '-a --all -r --remotes -v -vv --verbose --list -l --show-current --no-color --column --no-column -i --ignore-case --omit-empty', optional: '--color --abbrev', values: '--sort --contains --no-contains --merged --no-merged --points-at --format' }, check: (p) => (p.positionals.length && !p.options.some((o) => o.name === '--list' || o.name === '-l') ? [approve(`git branch ${q(p.positionals[0]!)} creates a branch`)] : undefined) },
    tag: { options: { flags: '-l --list --column --no-column -i --ignore-case --omit-empty', optional: '-n --color', values: '--sort --contains --no-contains --merged --no-merged --points-at --format' }, check: (p) => (p.positionals.length && !p.options.some((o) => o.name === '--list' || o.name === '-l') ? [approve(`git tag ${q(p.positionals[0]!)} creates a tag`)] : undefined) },
    config: {
      options: { flags: '--get --get-all --get-regexp -l --list --show-origin --show-scope --name-only --null -z --global --system --local --worktree --includes --no-includes', values: '--type --default --get-urlmatch', deny: { '--file': 'reads another configuration file', '-f': 'reads another configuration file', '--blob': 'reads configuration from a blob', '-e': 'opens an editor', '--edit': 'opens an editor' } },
      check: (p) => {
        if (!p.options.some((o) => /^(--get|--get-all|--get-regexp|-l|--list|--get-urlmatch)$/.test(o.name)) && p.positionals[0] !== 'get' && p.positionals[0] !== 'list') return [approve(`git config ${q(p.positionals.join(' '))} sets a configuration value`)];
        const secret = p.positionals.find((k) => /extraheader|password|token|secret/i.test(k));
        return secret ? [approve(`git config ${q(secret)} prints a credential`)] : undefined;
      },
    },
  },
  gated: {
    fetch: 'updates remote-tracking refs and downloads objects', pull: 'merges remote changes into the work tree', push: 'changes the remote',
    checkout: 'moves HEAD and changes the working tree', switch: 'moves HEAD and changes the working tree', reset: 'moves the branch and can discard changes',
    revert: 'creates a commit', commit: 'creates a commit', merge: 'merges branches', rebase: 'rewrites history', 'cherry-pick': 'creates commits',
    stash: 'changes the working tree', clean: 'deletes untracked files', restore: 'overwrites files', rm: 'deletes files', mv: 'moves files', add: 'stages changes',
    gc: 'rewrites the object store', prune: 'deletes objects', 'update-ref': 'changes refs', 'filter-branch': 'rewrites history', clone: 'downloads a repository',
    submodule: 'changes submodules', bisect: 'moves HEAD', am: 'applies patches', apply: 'changes files', init: 'creates a repository', help: 'opens a manual page or browser',
    difftool: 'runs a diff program', mergetool: 'runs a merge program', daemon: 'starts a server', 'instaweb': 'starts a web server', archive: 'writes an archive',
  },
});

function merge(...defs: OptDef[]): OptDef {
  const out: OptDef = {};
  for (const d of defs) {
    out.flags = [out.flags, d.flags].filter(Boolean).join(' ');
    out.values = [out.values, d.values].filter(Boolean).join(' ');
    out.optional = [out.optional, d.optional].filter(Boolean).join(' ');
    out.deny = { ...out.deny, ...d.deny };
    out.numeric ||= d.numeric;
  }
  return out;
}
