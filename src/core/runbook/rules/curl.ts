/**
 * curl: read-only when it sends GET or HEAD without a body to an http(s) URL and writes no file.
 * Other schemes (file://, dict://, gopher://, ...) read local files or talk raw protocols; option
 * files (-K), uploads, cookie jars and every output file are never allowed.
 */
import { urlCheck } from './curl-url.js';
import { approve, q, safe, type Rule, type Verdict } from './types.js';
import { parseArgs, table, type Check } from './argv.js';

const toNull: Check = (v) => (v === '/dev/null' || v === '-' || v === '/dev/stdout' || v === '/dev/stderr' ? undefined : 'writes a file');
const noAt: Check = (v) => (v.startsWith('@') ? 'reads a local file into the request' : undefined);
const method: Check = (v) => (/^(GET|HEAD|OPTIONS)$/i.test(v) ? undefined : `sends a ${v.toUpperCase()} request, which can change data`);
const writeOut: Check = (v) => (v.startsWith('@') ? 'reads the format from a file' : /%\{?output\{|%output/.test(v) ? 'writes a file' : undefined);
const cookie: Check = (v) => (v.includes('=') || /^\$/.test(v) ? undefined : 'reads a cookie file');

const CURL = table({
  flags: '-s --silent -S --show-error -f --fail --fail-with-body --fail-early -L --location --location-trusted -I --head -i --include -v --verbose ' +
    '-k --insecure -4 --ipv4 -6 --ipv6 --compressed -G --get -N --no-buffer --http1.0 --http1.1 --http2 --http2-prior-knowledge --http3 --http3-only ' +
    '-# --progress-bar --no-progress-meter --no-keepalive --tcp-nodelay --raw --path-as-is -g --globoff --ssl-reqd --tlsv1 --tlsv1.2 --tlsv1.3 ' +
    '--no-sessionid --retry-connrefused --retry-all-errors -q --disable -j --junk-session-cookies --no-alpn --no-npn --styled-output --no-styled-output ' +
    '--show-headers --ssl-no-revoke --ssl-revoke-best-effort --cert-status --doh-insecure --proxy-insecure --ntlm --basic --digest --anyauth --negotiate ' +
    '--trace-time --no-clobber -Z --parallel --parallel-immediate --remove-on-error --ca-native --suppress-connect-headers',
  values: '-m --max-time --connect-timeout --retry --retry-delay --retry-max-time -A --user-agent -e --referer -u --user --oauth2-bearer --resolve ' +
    '--connect-to --max-filesize --limit-rate -Y --speed-limit -y --speed-time --interface --dns-servers --range -r -z --time-cond --expect100-timeout ' +
    '--keepalive-time --happy-eyeballs-timeout-ms --proto --proto-redir --aws-sigv4 --tls-max --ciphers --tls13-ciphers --noproxy --max-redirs ' +
    '--parallel-max --url-query --request-target --sasl-authzid --service-name --ip-tos --vlan-priority --local-port',
  files: '--cacert --capath --cert -E --key --crlfile --pinnedpubkey --etag-compare --proxy-cacert --netrc-file',
  checked: {
    '-X': method, '--request': method, '-o': toNull, '--output': toNull, '-D': toNull, '--dump-header': toNull, '--trace': toNull, '--trace-ascii': toNull,
    '--stderr': toNull, '-H': noAt, '--header': noAt, '--proxy-header': noAt, '-w': writeOut, '--write-out': writeOut, '-b': cookie, '--cookie': cookie,
    '--url': urlCheck, '-x': urlCheck, '--proxy': urlCheck, '-d': noAt, '--data': noAt, '--data-urlencode': (v) => (/^[^=]*@/.test(v) ? 'reads a local file into the request' : undefined), '--data-ascii': noAt,
  },
  deny: {
    '-O': 'saves the response to a file', '--remote-name': 'saves the response to a file', '--remote-name-all': 'saves the responses to files', '-J': 'saves the response to a file',
    '--remote-header-name': 'saves the response to a file', '--output-dir': 'saves responses to files', '--create-dirs': 'creates directories',
    '-c': 'writes a cookie jar file', '--cookie-jar': 'writes a cookie jar file', '--libcurl': 'writes a C source file', '--etag-save': 'writes a file',
    '--hsts': 'reads and writes an HSTS cache file', '--alt-svc': 'reads and writes an alt-svc cache file', '-K': 'reads more options from a file',
    '--config': 'reads more options from a file', '-F': 'uploads a form body (and @file reads local files)', '--form': 'uploads a form body (and @file reads local files)',
    '--form-string': 'uploads a form body', '-T': 'uploads a file', '--upload-file': 'uploads a file', '--data-binary': 'sends a request body',
    '--data-raw': 'sends a request body', '--json': 'sends a JSON request body (POST)', '-Q': 'sends raw protocol commands', '--quote': 'sends raw protocol commands',
    '--unix-socket': 'talks to a local socket (such as the Docker daemon)', '--abstract-unix-socket': 'talks to a local socket', '--engine': 'loads a crypto engine library',
    '--variable': 'can read local files into variables', '--expand-url': 'expands variables', '-:': 'starts a second request with new options', '--next': 'starts a second request with new options',
    '-a': 'appends to the remote file', '--append': 'appends to the remote file', '--mail-from': 'sends mail', '--mail-rcpt': 'sends mail', '--ftp-create-dirs': 'creates remote directories',
    '-n': 'sends credentials from ~/.netrc', '--netrc': 'sends credentials from ~/.netrc', '--netrc-optional': 'sends credentials from ~/.netrc', '--ssl-sessions': 'writes a session file',
    '-t': 'sets telnet options', '--telnet-option': 'sets telnet options', '--krb': 'uses Kerberos', '--delegation': 'delegates credentials',
  },
});

export const curl: Rule = (cmd) => {
  const p = parseArgs('curl', cmd.args, CURL, cmd);
  const out: Verdict[] = [...p.problems];
  if (out.length) return out;
  const get = p.options.some((o) => o.name === '-G' || o.name === '--get');
  const body = p.options.find((o) => /^(-d|--data|--data-urlencode|--data-ascii)$/.test(o.name));
  if (body && !get) out.push(approve(`curl ${q(body.word)} sends a request body (POST); add -G to send it as a query string`));
  if (!p.positionals.length && !p.options.some((o) => o.name === '--url')) out.push(approve('curl without a URL is not a request the classifier can check'));
  for (const url of p.positionals) {
    const why = urlCheck(url);
    if (why) out.push(approve(`curl ${q(url)} ${why}`));
  }
  if (out.length) return out;
  const head = p.options.some((o) => o.name === '-I' || o.name === '--head');
  return safe(`curl sends a ${head ? 'HEAD' : 'GET'} request without a body and writes no file`);
};
