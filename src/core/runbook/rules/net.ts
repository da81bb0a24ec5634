/**
 * Network diagnostics: dig, host, nslookup, ping, traceroute, mtr, ss, netstat, nc -z, openssl.
 * dig -f and -k read files; ss -K kills sockets and -D writes raw data; nc only probes with -z;
 * openssl only for s_client, x509, version, ciphers, verify with their read-only options.
 */
import { parseArgs, singleDashTable, table } from './argv.js';
import { shapes } from './simple.js';
import { approve, manual, q, safe, type Rule } from './types.js';

export const net: Record<string, Rule> = shapes({
  dig: { options: { flags: '-4 -6 -h -i -m -r -u -v', values: '-b -c -p -q -t -x -y', deny: { '-f': 'reads queries from a file, echoing its lines', '-k': 'reads a TSIG key file' } }, operands: 'words' },
  host: { options: { flags: '-a -A -c? -C -d -l -i -r -s -T -U -v -V -4 -6', values: '-c -N -R -t -W -m' }, operands: 'words' },
  nslookup: { options: { optional: '-type -query -port -timeout -retry -debug -nodebug -vc -novc -querytype -class' }, operands: (ops) => (ops.length ? undefined : [approve(`${q('nslookup')} without a name opens an interactive session`)]) },
  'ping ping6': { options: { flags: '-4 -6 -a -A -b -B -d -D -n -O -q -R -r -U -v -L', values: '-c -i -I -l -m -M -p -Q -s -S -t -T -w -W', deny: { '-f': 'floods the network with packets' } }, operands: 'words' },
  'traceroute traceroute6 tracepath': { options: { flags: '-4 -6 -I -T -U -n -F -e -A -b -l -r', values: '-f -g -i -m -N -p -t -l -s -q -w -z -P --sport --mtu --back -M' }, operands: 'words' },
  ss: { options: { flags: '-h -V -H -n -r -a -l -o -e -m -p -i -s -E -Z -z -b -x -u -t -w -S -d -0 -4 -6 -M -T -O -Q --help --version --no-header --numeric --resolve --all --listening --options --extended --memory --processes --threads --info --summary --events --context --contexts --bpf --unix --udp --tcp --raw --sctp --dccp --packet --vsock --tipc --xdp --mptcp --oneline --no-queues', values: '-f --family -A --query --socket --net -N', deny: { '-K': 'kills sockets', '--kill': 'kills sockets', '-D': 'writes raw socket data to a file', '--diag': 'writes raw socket data to a file', '-F': 'reads a filter from a file', '--filter': 'reads a filter from a file' } }, operands: 'words' },
  netstat: { options: { flags: '-a -c -e -g -i -l -M -n -N -o -p -r -s -t -u -w -x -v -W -C -F -Z --all --continuous --extend --groups --interfaces --listening --masquerade --numeric --numeric-hosts --numeric-ports --numeric-users --timers --program --route --statistics --tcp --udp --raw --unix --verbose --wide', values: '-A --protocol' }, operands: 'none' },
  mtr: { options: { flags: '-4 -6 -r -w -b -n -z -j -x -C -e -T -u --report --report-wide --show-ips --no-dns --aslookup --json --xml --csv --tcp --udp --mpls', values: '-c --report-cycles -i --interval -s --psize -m --max-ttl -f --first-ttl -P --port -G --gracetime -Z --timeout -o --order -a --address -y --ipinfo' }, operands: 'words', check: (p) => (p.options.some((o) => /^(-r|-w|-j|-x|-C|--report|--report-wide|--json|--xml|--csv)$/.test(o.name)) ? undefined : [manual(`${q('mtr')} without --report is interactive; run it in a terminal, or add -r -c 10`)]) },
});

const NC = table({ flags: '-z -v -vv -n -u -4 -6 -N -d -D', values: '-w -W -s -p -i', deny: { '-e': 'runs a program on the connection', '-c': 'runs a shell command on the connection', '--exec': 'runs a program on the connection', '--sh-exec': 'runs a shell command on the connection', '-l': 'listens for connections', '--listen': 'listens for connections', '-o': 'writes a dump file', '-x': 'uses a proxy' } });
const ncRule: Rule = (cmd) => {
  const p = parseArgs(cmd.program, cmd.args, NC, cmd);
  if (p.problems.length) return p.problems;
  if (!p.options.some((o) => o.name === '-z')) return approve(`${cmd.program} without ${q('-z')} sends data over the connection`);
  return safe(`${cmd.program} -z only probes whether the port is open`);
};
net.nc = net.ncat = net.netcat = ncRule;

const OPENSSL: Record<string, ReturnType<typeof singleDashTable>> = {
  s_client: singleDashTable({
    flags: '-showcerts -brief -tls1 -tls1_1 -tls1_2 -tls1_3 -no_tls1_3 -dtls -status -verify_return_error -quiet -crlf -ign_eof -no_ign_eof -debug -msg -state -nbio -prexit -reconnect -servername_fatal -noservername -4 -6 -no_ticket -legacy_renegotiation -strict -ct -noct -partial_chain -x509_strict -help',
    values: '-connect -servername -alpn -nextprotoneg -starttls -verify -verify_hostname -verify_ip -cipher -ciphersuites -curves -groups -sigalgs -host -port -bind -name -xmpphost -timeout -verify_depth -attime',
    files: '-CAfile -CApath -CAstore',
    deny: { '-sess_out': 'writes the TLS session to a file', '-keylogfile': 'writes TLS secrets to a file', '-msgfile': 'writes a file', '-cert': 'sends a client certificate', '-key': 'reads a private key', '-pass': 'reads a pass phrase', '-proxy': 'connects through a proxy', '-sess_in': 'reads a TLS session file', '-writerand': 'writes a file', '-engine': 'loads an engine library', '-provider-path': 'loads providers from a directory', '-provider': 'loads a provider library', '-ssl_config': 'reads a configuration' },
  }),
  x509: singleDashTable({
    flags: '-noout -text -dates -subject -issuer -fingerprint -serial -enddate -startdate -email -ocsp_uri -ocspid -modulus -hash -subject_hash -issuer_hash -pubkey -purpose -sha1 -sha256 -sha384 -sha512 -md5 -noout -alias -trustout -nocert -help',
    values: '-inform -nameopt -certopt -checkend -checkhost -checkemail -checkip -ext',
    files: '-in',
    deny: { '-out': 'writes a file', '-signkey': 'signs with a private key', '-key': 'signs with a private key', '-CAkey': 'signs with a private key', '-req': 'signs a request', '-engine': 'loads an engine library', '-passin': 'reads a pass phrase', '-extfile': 'reads an extensions file' },
  }),
  verify: singleDashTable({ flags: '-verbose -show_chain -x509_strict -partial_chain -no-CAfile -no-CApath -help', values: '-purpose -verify_hostname -attime', files: '-CAfile -CApath -untrusted -trusted -CRLfile' }),
  version: singleDashTable({ flags: '-a -v -b -o -f -p -d -e -m -r -c -help' }),
  ciphers: singleDashTable({ flags: '-v -V -s -tls1 -tls1_1 -tls1_2 -tls1_3 -stdname -convert -help', values: '-ciphersuites' }),
};
net.openssl = (cmd) => {
  const [sub, ...rest] = cmd.args;
  const t = sub ? OPENSSL[sub] : undefined;
  if (!t) return approve(`openssl ${q(sub ?? '')} is not a read-only openssl command`);
  const p = parseArgs('openssl', rest, t, cmd, { label: `openssl ${sub}` });
  if (p.problems.length) return p.problems;
  if (sub === 's_client' && p.positionals.length && !/^[\w.-]+:\d+$/.test(p.positionals[0]!)) return approve(`openssl s_client ${q(p.positionals[0]!)} is an operand s_client does not take`);
  return safe(`openssl ${sub} only reads`);
};
