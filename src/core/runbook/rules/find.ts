/**
 * find: tests and listing actions only. -exec/-execdir/-ok/-okdir run commands, -delete deletes,
 * -fprint/-fprint0/-fprintf/-fls write files. Starting points and -newer files are only names.
 */
import { shapes } from './simple.js';

const TESTS =
  '-name -iname -path -ipath -wholename -iwholename -regex -iregex -lname -ilname -type -xtype -mtime -mmin -atime -amin -ctime -cmin -used -newer -anewer -cnewer ' +
  '-size -user -group -uid -gid -perm -links -inum -samefile -fstype -context -regextype -maxdepth -mindepth -printf -D -O -newermt -newerct -newerat -newermm -newercc -newerBt';

export const find = shapes({
  find: {
    singleDash: true,
    options: {
      flags: '-L -H -P -print -print0 -ls -prune -quit -true -false -not -a -and -o -or -depth -d -mount -xdev -empty -readable -writable -executable -follow -daystart -noleaf -nouser -nogroup -ignore_readdir_race -noignore_readdir_race -help --help -version --version',
      values: TESTS,
      deny: {
        '-exec': 'runs a command for each file', '-execdir': 'runs a command for each file', '-ok': 'runs a command for each file', '-okdir': 'runs a command for each file',
        '-delete': 'deletes the files it finds', '-fprint': 'writes a file', '-fprint0': 'writes a file', '-fprintf': 'writes a file', '-fls': 'writes a file',
        '-files0-from': 'reads its starting points from a file',
      },
    },
    operands: 'words',
    says: 'only lists files',
  },
});
