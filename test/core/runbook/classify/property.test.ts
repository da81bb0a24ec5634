/**
 * Property: a read-only command plus one executing or writing option, environment prefix,
 * wrapper, substitution or redirect is never safe, wherever the injection goes. The
 * combinations are drawn with a seeded generator, so a failure names a reproducible case.
 */
import { describe, expect, it } from 'vitest';
import { classifyBlock } from '../../../../src/core/runbook/classify.js';

/** mulberry32: small, seeded, good enough to spread the draws */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** [program family, a safe command, options of that program that execute, write or read secrets] */
const FAMILIES: [string, string, string[]][] = [
  ['curl', 'curl -sS --max-time 5 https://status.example.org/health', ['-o /tmp/x', '-O', '-sSo/tmp/x', '--output=/tmp/x', '-K /tmp/rc', '--config=/tmp/rc', '-T /etc/hosts', '-F a=@/etc/hosts', '-d @/etc/hosts', '-XPOST', '-X DELETE', '--request=PUT', '-c /tmp/jar', '--libcurl /tmp/x.c', '--trace /tmp/t', '-D /tmp/h', '--json {}', '--unix-socket /run/docker.sock', '-w @/tmp/fmt', '-H @/etc/hosts', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_x', '--frobnicate']],
  ['git', 'git log --oneline -n 20', ['-c core.pager=/tmp/x', '-ccore.pager=x', '--config-env=core.pager=X', '-C /tmp/evil', '--git-dir=/tmp/evil', '--work-tree=/', '--exec-path=/tmp', '-p', '--paginate', '--ext-diff', '--output=/tmp/x', '-O/tmp/order', '--frobnicate']],
  ['psql', 'psql "$DATABASE_URL" -c "SELECT 1"', ['-f /tmp/x.sql', '--file=/tmp/x.sql', '-o /tmp/out', '-L /tmp/log', '-c "DELETE FROM users"', "-c '\\! id'", "-c '\\o /tmp/x'", "-c 'SELECT 1 \\gexec'", '-c "SELECT pg_read_file(\'/etc/passwd\')"', '-c "COPY (SELECT 1) TO PROGRAM \'id\'"', '-v PROMPT1=x', '--frobnicate']],
  ['sqlite3', 'sqlite3 app.db "SELECT count(*) FROM users"', ['-init /tmp/x.sql', "-cmd '.shell id'", "-cmd '.output /tmp/x'", '-cmd "DELETE FROM users"', '-append', '-frobnicate']],
  ['redis-cli', 'redis-cli -h 127.0.0.1 INFO memory', ['--eval /tmp/x.lua', '-x', '--pipe', '--rdb /tmp/dump', '--replica', '--cluster fix', '--frobnicate']],
  ['kubectl', 'kubectl get pods -n production -o wide', ['--kubeconfig /tmp/k', '--token t', '-o go-template-file=/etc/shadow', '--template /tmp/t', '-f /etc/shadow', '--frobnicate']],
  ['docker', 'docker logs --tail 100 app', ['--frobnicate', '-H tcp://evil:2375', '--config /tmp/c']],
  ['pm2', 'pm2 logs app --lines 100 --nostream', ['--frobnicate', '--watch']],
  ['journalctl', 'journalctl -u app --no-pager -n 100', ['--vacuum-time=1d', '--rotate', '--flush', '--file /tmp/x', '-D /tmp', '--setup-keys', '--frobnicate']],
  ['systemctl', 'systemctl status nginx --no-pager', ['-H root@evil', '--host=evil', '--root=/tmp', '--frobnicate']],
  ['sed', "sed -n '1,20p' /var/log/app.log", ['-i', '-ibak', '--in-place', '-f /tmp/x.sed', "-e '1e id'", "-e 'w /tmp/x'", "-e 's/a/b/e'", "-e '1r /etc/shadow'"]],
  ['awk', "awk '{print $1}' /var/log/app.log", ['-f /tmp/x.awk', "-e 'BEGIN{system(\"id\")}'", '-l filefuncs', '-o/tmp/x', '-p/tmp/x', '-d/tmp/x']],
  ['sort', 'sort -rn /var/log/counts.txt', ['-o /tmp/x', '-o/tmp/x', '--output=/tmp/x', '-T /tmp', '--compress-program=sh', '--files0-from=/tmp/l']],
  ['grep', 'grep -c ERROR /var/log/app.log', ['-f /etc/shadow', '--frobnicate', '-r password /etc']],
  ['rg', 'rg -n ERROR /var/log/app', ['--pre /tmp/x', '--pre=cat', '--hostname-bin=/tmp/x', '--frobnicate']],
  ['less', 'less /var/log/app.log', ['-o /tmp/x', '-O/tmp/x', '--log-file=/tmp/x', '-k /tmp/keys', "+'!id'"]],
  ['find', 'find /var/log -name "*.log" -mtime -1', ['-exec id ;', '-execdir id ;', '-ok id ;', '-delete', '-fprint /tmp/x', '-fls /tmp/x']],
  ['tar', 'tar -tzf backup.tar.gz', ['-x', '-c', '--to-command=sh', '--checkpoint-action=exec=id', '-I sh', '--rsh-command=/bin/ssh', '-C /']],
  ['jq', 'jq .status status.json', ['-f /tmp/x.jq', '--rawfile x /etc/passwd', '--slurpfile x /etc/passwd', '-L /tmp']],
  ['xxd', 'xxd -l 64 /var/log/app.log', ['-r', '-revert']],
  ['dig', 'dig +short example.org', ['-f /etc/shadow', '-k /tmp/key']],
  ['ss', 'ss -tlnp', ['-K', '--kill', '-D /tmp/x', '-F /etc/shadow']],
];

const PREFIXES = ['LD_PRELOAD=/tmp/x.so', 'GIT_EXTERNAL_DIFF=/tmp/x.sh', 'PAGER="sh -c id"', 'BASH_ENV=/tmp/x', 'NODE_OPTIONS=--require=/tmp/x', 'env -S "id"', 'env FOO=1', 'sudo', 'xargs', 'bash -c', 'eval', 'nice /tmp/x', 'command /tmp/x'];
const SUFFIXES = ['> /tmp/x', '>> /tmp/x', '>| /tmp/x', '&> /tmp/x', '<> /tmp/x', '> /dev/tcp/10.0.0.1/80', '&', '3> /tmp/x', '| tee /tmp/x', '| sh', '; pm2 restart app'];
const WORDS = ['"$(id)"', '`id`', '<(id)', '{-o,/tmp/x}', '$((x))', '"${x@P}"', '"${!x}"', '~/.ssh/id_rsa', '.env', '/proc/1/environ'];

function insertAfterProgram(command: string, injection: string): string {
  const [program, ...rest] = words(command);
  return [program, injection, ...rest].join(' ');
}

/** Split on the spaces between shell words (not those inside quotes), so an insertion is a word of its own. */
function words(command: string): string[] {
  return command.match(/(?:'[^']*'|"[^"]*"|[^\s'"])+/g) ?? [];
}

function insertWord(command: string, word: string, r: () => number): string {
  const parts = words(command);
  const at = 1 + Math.floor(r() * parts.length);
  return [...parts.slice(0, at), word, ...parts.slice(at)].join(' ');
}

describe('classifyBlock: a safe command plus one executing or writing piece is never safe', () => {
  it('every base command is safe on its own', () => {
    for (const [, base] of FAMILIES) expect(classifyBlock(base, 'sh').safety, base).toBe('safe');
  });

  it('holds for 2,000 seeded random combinations', () => {
    const r = rng(15);
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const [, base, bad] = FAMILIES[Math.floor(r() * FAMILIES.length)]!;
      const kind = Math.floor(r() * 4);
      let command: string;
      if (kind === 0) command = insertAfterProgram(base, bad[Math.floor(r() * bad.length)]!);
      else if (kind === 1) command = `${PREFIXES[Math.floor(r() * PREFIXES.length)]} ${base}`;
      else if (kind === 2) command = `${base} ${SUFFIXES[Math.floor(r() * SUFFIXES.length)]}`;
      else command = insertWord(base, WORDS[Math.floor(r() * WORDS.length)]!, r);
      const c = classifyBlock(command, 'sh');
      if (c.safety === 'safe') failures.push(command);
    }
    expect(failures).toEqual([]);
  });
});
