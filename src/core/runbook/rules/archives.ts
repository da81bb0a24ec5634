/**
 * tar, listing only: -t with a local archive. Creating, extracting (unless to stdout with -O),
 * appending, and every option that runs a program (--to-command, --checkpoint-action,
 * --use-compress-program, --rsh-command, --info-script) are gated. An archive named host:path
 * is fetched with rsh/ssh, so it is gated too. Old-style `tar tvf x.tar` is read as `-tvf`.
 */
import { parseArgs, table } from './argv.js';
import { approve, q, safe, type Rule } from './types.js';

const TAR = table({
  flags: '-t --list -v --verbose -z --gzip --gunzip -j --bzip2 -J --xz --zstd --lzma --lzip -a --auto-compress -O --to-stdout -x --extract --get -p --numeric-owner --full-time ' +
    '-w? --utc -R --block-number --force-local -P --absolute-names --wildcards --no-wildcards --anchored --ignore-case -i --ignore-zeros --show-transformed-names --help --version',
  values: '--exclude --strip-components --occurrence --transform --xform -b --blocking-factor -H --format --quoting-style',
  files: '-f --file',
  deny: {
    '-c': 'creates an archive', '--create': 'creates an archive', '-r': 'appends to an archive', '--append': 'appends to an archive', '-u': 'updates an archive', '--update': 'updates an archive',
    '-A': 'appends archives', '--catenate': 'appends archives', '--concatenate': 'appends archives', '--delete': 'deletes from an archive', '--to-command': 'runs a command for each file',
    '--checkpoint-action': 'runs a command at checkpoints', '-I': 'runs a compression program', '--use-compress-program': 'runs a compression program', '--rsh-command': 'runs a remote shell program',
    '-F': 'runs a script at each volume', '--info-script': 'runs a script at each volume', '--new-volume-script': 'runs a script at each volume', '-g': 'writes a snapshot file',
    '--listed-incremental': 'writes a snapshot file', '--index-file': 'writes a file', '-C': 'changes directory for extraction', '--directory': 'changes directory for extraction',
    '-T': 'reads names from a file', '--files-from': 'reads names from a file', '-X': 'reads exclude patterns from a file', '--exclude-from': 'reads exclude patterns from a file',
    '--overwrite': 'overwrites files', '--recursive-unlink': 'deletes directories', '--remove-files': 'deletes files', '--unlink-first': 'deletes files',
  },
});

export const tar: Rule = (cmd) => {
  const args = [...cmd.args];
  if (args[0] && /^[a-zA-Z]+$/.test(args[0])) args[0] = '-' + args[0];
  const p = parseArgs('tar', args, TAR, cmd);
  if (p.problems.length) return p.problems;
  const has = (...names: string[]): boolean => p.options.some((o) => names.includes(o.name));
  const file = p.options.find((o) => o.name === '-f' || o.name === '--file')?.value;
  if (file && /^[^/]*:/.test(file) && !has('--force-local')) return approve(`tar archive ${q(file)} names a remote host, which tar reaches through a remote shell`);
  if (has('-x', '--extract', '--get') && !has('-O', '--to-stdout')) return approve(`tar ${q(p.options.find((o) => /^(-x|--extract|--get)$/.test(o.name))!.word)} extracts files into the file system`);
  if (!has('-t', '--list', '-x', '--extract', '--get')) return approve('tar without -t (list) is not a read-only tar command');
  return safe(has('-t', '--list') ? 'tar -t only lists the archive' : 'tar -xO only prints the archive members');
};
