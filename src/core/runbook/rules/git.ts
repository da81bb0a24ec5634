/** git: history and state inspection is read-only; anything that moves HEAD, refs or files is not. */
import { approve, hasFlag, positionals, safe, type Rule } from './types.js';

const READ = new Set([
  'log', 'show', 'status', 'diff', 'rev-parse', 'describe', 'ls-files', 'ls-remote', 'ls-tree', 'cat-file', 'shortlog',
  'blame', 'grep', 'rev-list', 'merge-base', 'name-rev', 'for-each-ref', 'show-ref', 'whatchanged', 'version', 'help',
  'show-branch', 'count-objects', 'verify-commit', 'verify-tag', 'check-ignore', 'var',
]);
const GLOBAL_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace']);

export const git: Rule = (cmd) => {
  // skip global options before the subcommand: git -C dir --no-pager log
  let i = 0;
  const args = cmd.args;
  while (i < args.length && args[i]!.startsWith('-')) i += GLOBAL_VALUE.has(args[i]!) ? 2 : 1;
  const sub = args[i];
  const rest = args.slice(i + 1);
  const pos = positionals(rest);
  if (sub === undefined) return hasFlag(args, '--version', '--help') ? safe('git --version only prints information') : approve('git without a subcommand');
  if (READ.has(sub)) {
    if (hasFlag(rest, '--output')) return approve(`git ${sub} --output writes a file`);
    return safe(`git ${sub} is read-only`);
  }
  switch (sub) {
    case 'tag':
      if (!pos.length || hasFlag(rest, '-l', '--list', '--contains', '--points-at', '--merged', '--no-merged', '-n', '--sort', '--verify', '-v'))
        return hasFlag(rest, '-d', '--delete', '-f', '--force') ? approve('git tag -d/-f changes tags') : safe('git tag (listing) is read-only');
      return approve(`git tag ${pos[0]} creates a tag`);
    case 'branch':
      if (hasFlag(rest, '-d', '-D', '--delete', '-m', '-M', '--move', '-c', '-C', '--copy', '-f', '--force', '-u', '--set-upstream-to', '--unset-upstream', '--edit-description'))
        return approve('git branch with -d/-m/-f changes branches');
      if (!pos.length || hasFlag(rest, '-l', '--list', '-a', '-r', '--all', '--remotes', '--contains', '--merged', '--show-current', '-v', '-vv'))
        return safe('git branch (listing) is read-only');
      return approve(`git branch ${pos[0]} creates a branch`);
    case 'remote':
      if (!pos.length || pos[0] === 'show' || pos[0] === 'get-url') return safe(`git remote ${pos[0] ?? ''}`.trim() + ' is read-only');
      return approve(`git remote ${pos[0]} changes remotes`);
    case 'config':
      if (hasFlag(rest, '--get', '--get-all', '--get-regexp', '-l', '--list', '--show-origin') || pos[0] === 'get' || pos[0] === 'list')
        return safe('git config --get/--list is read-only');
      return approve('git config sets a configuration value');
    case 'stash':
      return pos[0] === 'list' || pos[0] === 'show' ? safe(`git stash ${pos[0]} is read-only`) : approve('git stash changes the working tree');
    case 'reflog':
      return !pos.length || pos[0] === 'show' ? safe('git reflog (show) is read-only') : approve(`git reflog ${pos[0]} changes the reflog`);
    case 'worktree':
      return pos[0] === 'list' ? safe('git worktree list is read-only') : approve('git worktree changes worktrees');
    case 'fetch':
      return approve('git fetch updates remote-tracking refs and downloads objects');
    case 'checkout':
    case 'switch':
      return approve(`git ${sub} moves HEAD and changes the working tree`);
    case 'reset':
      return approve(`git reset${hasFlag(rest, '--hard') ? ' --hard discards local changes' : ' moves the branch'}`);
    case 'push':
      return approve(`git push${hasFlag(rest, '-f', '--force', '--force-with-lease') ? ' --force rewrites' : ' changes'} the remote`);
    default:
      return approve(`git ${sub} is not a read-only git command`);
  }
};
