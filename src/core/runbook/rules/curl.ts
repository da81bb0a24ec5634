/**
 * curl: read-only when it sends GET/HEAD without a body and writes no files.
 * -d, --data..., -F, -T and --json imply a body (POST/PUT) unless -G turns -d into a query string;
 * -X sets the method; -I is HEAD; -o/-O/-D/-c/--trace write files (unless /dev/null or -).
 */
import { approve, isFileTarget, safe, type Rule, type Verdict } from './types.js';

const BODY_LONG = ['--data', '--data-raw', '--data-binary', '--data-urlencode', '--data-ascii', '--json'];
const UPLOAD_LONG = ['--form', '--form-string', '--upload-file'];
const FILE_OUT_LONG = ['--output', '--dump-header', '--cookie-jar', '--trace', '--trace-ascii', '--libcurl', '--output-dir', '--etag-save', '--hsts', '--alt-svc', '--stderr'];
const OTHER_VALUE_LONG = new Set([
  '--request', '--header', '--user', '--user-agent', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time',
  '--write-out', '--cookie', '--referer', '--proxy', '--resolve', '--cacert', '--cert', '--key', '--url', '--config', '--quote',
  '--range', '--oauth2-bearer', '--interface', '--limit-rate', '--max-filesize', '--unix-socket', '--connect-to', '--time-cond',
  '--proto', '--proto-redir', '--aws-sigv4', '--variable', '--expect100-timeout', '--keepalive-time',
]);
/** short options that take a value, e.g. -X POST, -o file, -H 'a: b' */
const SHORT_VALUE = new Set('AbcCdDeEFHKmoPQrtTuUwxXyYz'.split(''));

export const curl: Rule = (cmd) => {
  let method: string | undefined;
  let getMode = false;
  let head = false;
  const bodies: string[] = [];
  const uploads: string[] = [];
  const writes: string[] = [];
  const other: Verdict[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const takes = BODY_LONG.includes(name) || UPLOAD_LONG.includes(name) || FILE_OUT_LONG.includes(name) || OTHER_VALUE_LONG.has(name);
      const value = takes ? (inline ?? args[++i] ?? '') : undefined;
      if (name === '--request') method = value!.toUpperCase();
      else if (name === '--get') getMode = true;
      else if (name === '--head') head = true;
      else if (BODY_LONG.includes(name)) bodies.push(name);
      else if (UPLOAD_LONG.includes(name)) uploads.push(name);
      else if (FILE_OUT_LONG.includes(name) && isFileTarget(value!)) writes.push(`${name} ${value}`);
      else if (name === '--remote-name' || name === '--remote-name-all' || name === '--remote-header-name') writes.push(name);
      else if (name === '--config') other.push(approve(`curl --config reads options from ${value}, which the classifier cannot see`));
      else if (name === '--quote') other.push(approve('curl --quote sends raw FTP/SFTP commands'));
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let k = 1; k < a.length; k++) {
        const f = a[k]!;
        if (SHORT_VALUE.has(f)) {
          const value = k + 1 < a.length ? a.slice(k + 1) : (args[++i] ?? '');
          if (f === 'X') method = value.toUpperCase();
          else if (f === 'd') bodies.push('-d');
          else if (f === 'F') uploads.push('-F');
          else if (f === 'T') uploads.push('-T');
          else if ((f === 'o' || f === 'D' || f === 'c') && isFileTarget(value)) writes.push(`-${f} ${value}`);
          else if (f === 'K') other.push(approve(`curl -K reads options from ${value}, which the classifier cannot see`));
          else if (f === 'Q') other.push(approve('curl -Q sends raw FTP/SFTP commands'));
          break;
        }
        if (f === 'G') getMode = true;
        else if (f === 'I') head = true;
        else if (f === 'O' || f === 'J') writes.push(`-${f}`);
      }
    }
  }
  const out: Verdict[] = [...other];
  if (method && !['GET', 'HEAD', 'OPTIONS'].includes(method)) out.push(approve(`curl -X ${method} sends a ${method} request`));
  if (uploads.length) out.push(approve(`curl ${uploads[0]} uploads a request body`));
  if (bodies.length && !getMode) out.push(approve(`curl ${bodies[0]} sends a request body (POST)`));
  if (writes.length) out.push(approve(`curl ${writes[0]} writes a file`));
  if (out.length) return out;
  return safe(`curl ${head ? 'HEAD' : getMode ? 'GET (-G, data as query string)' : method ?? 'GET'} request without a body`);
};
