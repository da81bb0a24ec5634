/**
 * The classifier table: real-world commands from runbooks and the class an experienced on-call
 * engineer expects. safe = the bot runs it on its own; approve = it waits for an approver;
 * manual = shown, never run (placeholders, non-shell text, interactive tools).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyBlock } from '../../../src/core/runbook/classify.js';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';

type Row = [command: string, expected: 'safe' | 'approve' | 'manual'];

const SEED = 'test/fixtures/runbooks/RUNBOOK.md';

/** Every inline command of the seed runbook (and the Quick Reference commands written as text). */
const SEED_INLINE: Row[] = [
  ['pm2 logs trc-gateway --lines 100', 'safe'],
  ['cat .env | grep -v PASSWORD', 'approve'], // prints DATABASE_URL, tokens: not for the channel
  ['npm run build', 'approve'],
  ['pm2 restart trc-gateway', 'approve'],
  ['curl https://yourdomain.com/health', 'manual'],
  ['npx prisma db pull', 'approve'],
  ['pm2 monit', 'manual'],
  ['pm2 status', 'safe'],
  ['pm2 logs trc-gateway', 'safe'],
  ['git tag v1.X.Y', 'manual'],
  ['git rev-parse HEAD', 'safe'],
  ['cp -r dist dist.backup', 'approve'],
  ['curl http://localhost:3001/health', 'safe'],
  ['wc -l docs/RUNBOOK.md  # Should be 200+ lines', 'safe'],
  ['pm2 stop trc-gateway', 'approve'],
  ['pm2 start trc-gateway', 'approve'],
  ['npm install && npm run build', 'approve'],
  ['npx prisma db push', 'approve'],
  ['git checkout v1.0.X  # Previous known-good tag', 'manual'],
];

const CURL: Row[] = [
  ['curl -sS --max-time 5 "${APP_URL:-http://127.0.0.1:3000}/health"', 'safe'],
  ['curl -fsSL https://status.example.org/api/v2/status.json | jq .status', 'safe'],
  ['curl -I https://example.org', 'safe'],
  ['curl --head https://example.org', 'safe'],
  ['curl -X GET https://api.example.org/items', 'safe'],
  ['curl -X POST https://api.example.org/items', 'approve'],
  ['curl -XDELETE https://api.example.org/items/1', 'approve'],
  ['curl --request PUT https://api.example.org/items/1', 'approve'],
  ['curl -d "a=1" https://api.example.org/items', 'approve'],
  ['curl --data-raw \'{"a":1}\' https://api.example.org/items', 'approve'],
  ['curl --json \'{"a":1}\' https://api.example.org/items', 'approve'],
  ['curl -G -d limit=10 -d delivery_success=false https://api.stripe.com/v1/events -u "$STRIPE_SECRET_KEY:"', 'safe'],
  ['curl -F file=@dump.sql https://upload.example.org', 'approve'],
  ['curl -T backup.tar.gz ftp://example.org/', 'approve'],
  ['curl -o /tmp/page.html https://example.org', 'approve'],
  ['curl -sSo /dev/null -w "%{http_code}" https://example.org', 'safe'],
  ['curl -O https://example.org/file.tgz', 'approve'],
  ['curl -K ~/.curlrc-prod https://example.org', 'approve'],
  ['curl -s -H "Authorization: Bearer $TOKEN" https://api.example.org/me', 'safe'],
  ['curl -s -H "Authorization: Bearer <token>" https://api.example.org/me', 'manual'],
  ['curl -c cookies.txt https://example.org/login', 'approve'],
];

const SQL: Row[] = [
  ['psql "$DATABASE_URL" -c "SELECT 1;"', 'safe'],
  ["psql \"${DATABASE_URL:-postgres://127.0.0.1:5432/app}\" -c 'SELECT 1'", 'safe'],
  ['psql "$DATABASE_URL" -c "SELECT count(*) FROM pg_stat_activity"', 'safe'],
  ['psql "$DATABASE_URL" -c "WITH d AS (DELETE FROM sessions RETURNING *) SELECT count(*) FROM d"', 'approve'],
  ['psql "$DATABASE_URL" -c "EXPLAIN ANALYZE DELETE FROM sessions"', 'approve'],
  ['psql "$DATABASE_URL" -c "EXPLAIN DELETE FROM sessions"', 'safe'],
  ['psql "$DATABASE_URL" -c "EXPLAIN ANALYZE SELECT * FROM users"', 'safe'],
  ['psql "$DATABASE_URL" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = \'idle\'"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT pg_cancel_backend(1234)"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT set_config(\'work_mem\', \'1GB\', false)"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT nextval(\'orders_id_seq\')"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT pg_advisory_lock(42)"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT * FROM jobs FOR UPDATE"', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT * INTO backup_users FROM users"', 'approve'],
  ['psql "$DATABASE_URL" -c "UPDATE users SET admin = true"', 'approve'],
  ['psql "$DATABASE_URL" -c "TRUNCATE sessions"', 'approve'],
  ['psql "$DATABASE_URL" -c "VACUUM ANALYZE"', 'approve'],
  ['psql "$DATABASE_URL" -c "SHOW max_connections"', 'safe'],
  ['psql "$DATABASE_URL" -c "SELECT 1; DROP TABLE users"', 'approve'],
  ['psql "$DATABASE_URL" -c "\\dt"', 'safe'],
  ['psql "$DATABASE_URL" -c "\\! rm -rf /"', 'approve'],
  ['psql "$DATABASE_URL" -c "COPY users TO STDOUT"', 'safe'],
  ['psql "$DATABASE_URL" -c "COPY users FROM \'/tmp/users.csv\'"', 'approve'],
  ['psql "$DATABASE_URL" -f migrations/001.sql', 'approve'],
  ['psql "$DATABASE_URL"', 'approve'],
  ['psql -l', 'safe'],
  ['psql "$DATABASE_URL" <<SQL\nSELECT state, count(*) FROM pg_stat_activity GROUP BY 1;\nSQL', 'safe'],
  ['psql "$DATABASE_URL" <<\'SQL\'\nDELETE FROM sessions WHERE expires_at < now();\nSQL', 'approve'],
  ['psql "$DATABASE_URL" <<< "SELECT 1"', 'safe'],
  ['cat cleanup.sql | psql "$DATABASE_URL"', 'approve'],
  ['psql "$DATABASE_URL" < cleanup.sql', 'approve'],
  ['psql "$DATABASE_URL" -c "SELECT 1" -o /tmp/out.txt', 'approve'],
  ['psql "$DATABASE_URL" -c "SELEC 1"', 'approve'],
  ['PGCONNECT_TIMEOUT=5 psql "$DATABASE_URL" -c "SELECT now()"', 'safe'],
  ['sqlite3 app.db "SELECT count(*) FROM users"', 'safe'],
  ['sqlite3 app.db "DELETE FROM users"', 'approve'],
  ['sqlite3 app.db ".tables"', 'safe'],
  ['sqlite3 app.db', 'approve'],
  ['wrangler d1 execute prod-db --remote --command "SELECT * FROM users LIMIT 5"', 'safe'],
  ['wrangler d1 execute prod-db --command="SELECT u.id, u.email FROM users u WHERE u.active = 1"', 'safe'],
  ['wrangler d1 execute prod-db --command "DELETE FROM sessions"', 'approve'],
  ['wrangler d1 execute prod-db --command "PRAGMA table_info(users)"', 'safe'],
  ['wrangler d1 execute prod-db --file ./fix.sql', 'approve'],
];

const REDIS: Row[] = [
  ['redis-cli GET session:abc', 'safe'],
  ['redis-cli -h 127.0.0.1 -p 6379 INFO memory', 'safe'],
  ['redis-cli PING', 'safe'],
  ['redis-cli DBSIZE', 'safe'],
  ['redis-cli --scan --pattern "session:*"', 'safe'],
  ['redis-cli --bigkeys', 'safe'],
  ['redis-cli SLOWLOG GET 10', 'safe'],
  ['redis-cli CONFIG GET maxmemory', 'approve'], // CONFIG GET requirepass prints the password
  ['redis-cli CONFIG SET maxmemory 2gb', 'approve'],
  ['redis-cli FLUSHALL', 'approve'],
  ['redis-cli -n 2 FLUSHDB', 'approve'],
  ['redis-cli DEL session:abc', 'approve'],
  ['redis-cli -u "$REDIS_URL" TTL lock:deploy', 'safe'],
  ['redis-cli CLIENT LIST', 'safe'],
  ['redis-cli CLIENT KILL ID 12', 'approve'],
  ['redis-cli --rdb /tmp/dump.rdb', 'approve'],
  ['redis-cli', 'approve'],
];

const KUBE_DOCKER: Row[] = [
  ['kubectl get pods -n production', 'safe'],
  ['kubectl -n production get deploy api -o yaml', 'safe'],
  ['kubectl describe pod api-7d9f -n production', 'safe'],
  ['kubectl logs deploy/api --tail=200 -n production', 'safe'],
  ['kubectl top pods -n production', 'safe'],
  ['kubectl rollout status deploy/api', 'safe'],
  ['kubectl rollout restart deploy/api', 'approve'],
  ['kubectl rollout undo deploy/api', 'approve'],
  ['kubectl delete pod api-7d9f', 'approve'],
  ['kubectl exec -it api-7d9f -- sh', 'approve'],
  ['kubectl exec api-7d9f -- cat /etc/hosts', 'approve'],
  ['kubectl scale deploy/api --replicas=0', 'approve'],
  ['kubectl apply -f k8s/', 'approve'],
  ['kubectl port-forward svc/db 5432:5432', 'approve'],
  ['kubectl config current-context', 'safe'],
  ['docker ps', 'safe'],
  ['docker logs --tail 100 api', 'safe'],
  ['docker stats --no-stream', 'safe'],
  ['docker inspect api', 'approve'], // prints the container's environment (secrets) to the channel
  ['docker exec -it api sh', 'approve'],
  ['docker restart api', 'approve'],
  ['docker system prune -af', 'approve'],
  ['docker compose ps', 'safe'],
  ['docker compose logs --tail=50 worker', 'safe'],
  ['docker compose up -d', 'approve'],
];

const VCS_AND_PLATFORMS: Row[] = [
  ['git log --oneline -n 20', 'safe'],
  ['git --no-pager log -1', 'safe'],
  ['git -C /srv/app status', 'approve'], // another repository's configuration may run programs
  ['git describe --tags --always', 'safe'],
  ['git tag --sort=-creatordate | head -n 10', 'safe'],
  ['git tag', 'safe'],
  ['git branch -a', 'safe'],
  ['git diff HEAD~1 --stat', 'safe'],
  ['git show HEAD:package.json', 'safe'],
  ['git checkout "$VERSION"', 'approve'],
  ['git checkout <commit-hash>', 'manual'],
  ['git reset --hard origin/main', 'approve'],
  ['git push --force origin main', 'approve'],
  ['git fetch --tags', 'approve'],
  ['git tag -d v1.2.3', 'approve'],
  ['git config --get remote.origin.url', 'safe'],
  ['git stash list', 'safe'],
  ['git revert --no-edit HEAD', 'approve'],
  ['pm2 list', 'safe'],
  ['pm2 jlist | jq ".[] | .name"', 'safe'],
  ['pm2 describe app', 'safe'],
  ['pm2 logs app --lines 50 --nostream', 'safe'],
  ['pm2 reload app', 'approve'],
  ['pm2 delete all', 'approve'],
  ['pm2 flush', 'approve'],
  ['systemctl status nginx', 'safe'],
  ['systemctl is-active postgresql', 'safe'],
  ['systemctl restart nginx', 'approve'],
  ['journalctl -u app --since "1 hour ago" --no-pager', 'safe'],
  ['journalctl --vacuum-time=2d', 'approve'],
  ['vercel ls', 'safe'],
  ['vercel logs [deployment-url]', 'manual'],
  ['vercel logs https://app-abc.vercel.app', 'safe'],
  ['vercel rollback', 'approve'],
  ['vercel env pull .env.local', 'approve'],
  ['supabase status', 'safe'],
  ['supabase inspect db locks', 'safe'],
  ['supabase db remote commit', 'approve'],
  ['supabase db push', 'approve'],
  ['stripe events list --limit 10', 'safe'],
  ['stripe events retrieve evt_1NXb2', 'safe'],
  ['stripe events resend {event_id}', 'manual'],
  ['stripe events resend evt_1NXb2 --webhook-endpoint we_123', 'approve'],
  ['stripe trigger payment_intent.succeeded', 'approve'],
  ['stripe logs tail', 'safe'],
  ['heroku ps -a myapp', 'safe'],
  ['heroku logs --tail -a myapp', 'safe'],
  ['heroku releases -a myapp', 'safe'],
  ['heroku config -a myapp', 'approve'],
  ['heroku releases:rollback v102 -a myapp', 'approve'],
  ['heroku restart -a myapp', 'approve'],
  ['aws ec2 describe-instances --region us-east-1', 'safe'],
  ['aws s3 ls s3://backups/', 'safe'],
  ['aws s3 cp dump.sql s3://backups/', 'approve'],
  ['aws secretsmanager get-secret-value --secret-id prod/db', 'approve'],
  ['aws rds reboot-db-instance --db-instance-identifier prod', 'approve'],
  ['aws logs tail /ecs/api --since 10m', 'safe'],
  ['wrangler tail', 'safe'],
  ['wrangler deploy', 'approve'],
  ['wrangler whoami', 'safe'],
];

const SHELL_STRUCTURE: Row[] = [
  ['bash -c "pm2 restart app"', 'approve'],
  ['bash -c "echo hi"', 'approve'],
  ['sh -c \'curl -s http://127.0.0.1/health\'', 'approve'],
  ['bash ./scripts/diagnose.sh', 'approve'],
  ['./scripts/restart.sh', 'approve'],
  ['eval "$(ssh-agent)"', 'approve'],
  ['source .env && psql "$DATABASE_URL" -c "SELECT 1"', 'approve'],
  ['. ./env.sh', 'approve'],
  ['ssh deploy@prod "pm2 status"', 'approve'],
  ['sudo systemctl status nginx', 'approve'],
  ['node -e "console.log(process.memoryUsage())"', 'approve'],
  ['node --version', 'safe'],
  ['python3 -c "print(1)"', 'approve'],
  ['find /var/log -name "*.log" -mtime -1', 'safe'],
  ['find /tmp -name "*.tmp" -delete', 'approve'],
  ['find . -name "*.log" -exec rm {} \\;', 'approve'],
  ['ls /var/log | xargs -n1 echo', 'approve'],
  ['pgrep -f node | xargs kill', 'approve'],
  ['echo "status: ok" > /tmp/status.txt', 'approve'],
  ['echo "status: ok" >> status.log', 'approve'],
  ['curl -s http://127.0.0.1:3000/health > /dev/null 2>&1 && echo up || echo down', 'safe'],
  ['curl -s http://127.0.0.1:3000/health &> /dev/null', 'safe'],
  ['ps aux 2>/dev/null | grep node', 'safe'],
  ['ps aux | tee /tmp/ps.txt', 'approve'],
  ['ps aux | tee', 'safe'],
  ['(cd /srv/app && git log -1)', 'safe'],
  ['(cd /srv/app && git pull)', 'approve'],
  ['{ date; uptime; } 2>&1', 'safe'],
  ['{ date; uptime; } > report.txt', 'approve'],
  ['echo "$(git rev-parse HEAD)"', 'approve'],
  ['echo "$(rm -rf /tmp/cache)"', 'approve'],
  ['echo `whoami`', 'approve'],
  ['echo `pm2 kill`', 'approve'],
  ['diff <(git show HEAD~1:package.json) <(git show HEAD:package.json)', 'approve'],
  ['for f in /var/log/app/*.log; do tail -n 5 "$f"; done', 'safe'],
  ['for f in /var/log/app/*.log; do rm "$f"; done', 'approve'],
  ['if curl -fsS --max-time 5 http://127.0.0.1:3000/health; then echo ok; else pm2 restart app; fi', 'approve'],
  ['while true; do curl -s http://127.0.0.1/health; sleep 5; done', 'safe'],
  ['cat <<EOF\nhello\nEOF', 'safe'],
  ['cat <<EOF > /etc/app.conf\nport=3000\nEOF', 'approve'],
  ['export NODE_ENV=production', 'approve'],
  ['VERSION=v1.2.3', 'safe'],
  ['timeout 10 curl -s http://127.0.0.1/health', 'safe'],
  ['timeout 10 pm2 restart app', 'approve'],
  ['env FOO=1 curl -s http://127.0.0.1/health', 'approve'],
  ['nohup pm2 restart app &', 'approve'],
  ['$CMD --version', 'approve'],
  ['/usr/bin/curl -s http://127.0.0.1/health', 'safe'],
  ['frobnicate --all', 'approve'],
  ['rm -rf /tmp/cache', 'approve'],
  ['kill -9 1234', 'approve'],
  ['pkill -f node', 'approve'],
  ['sed -n "1,20p" /var/log/app.log', 'safe'],
  ['sed -i "s/a/b/" config.ini', 'approve'],
  ['awk \'{print $1}\' access.log | sort | uniq -c | sort -rn | head', 'safe'],
  ['awk \'{system("rm " $1)}\' files.txt', 'approve'],
  ['sort -o sorted.txt input.txt', 'approve'],
  ['tail -n 100 /var/log/nginx/error.log', 'safe'],
  ['tail -f /var/log/nginx/error.log', 'safe'],
  ['grep -c ERROR /var/log/app.log', 'safe'],
  ['cat ~/.ssh/id_rsa', 'approve'],
  ['head -n 5 server.pem', 'approve'],
  ['df -h && free -m && uptime', 'safe'],
  ['top -b -n 1 | head -n 20', 'safe'],
  ['top', 'manual'],
  ['htop', 'manual'],
  ['watch -n 5 pm2 status', 'manual'],
  ['ss -ltnp', 'safe'],
  ['lsof -i :3000', 'safe'],
  ['dig +short api.example.org', 'safe'],
  ['nc -z -w 5 127.0.0.1 5432', 'safe'],
  ['openssl s_client -connect example.org:443 -servername example.org </dev/null', 'safe'],
  ['date -s "2024-01-01"', 'approve'],
  ['npm ls --depth=0', 'safe'],
  ['npm ci', 'approve'],
  ['npm audit', 'safe'],
  ['npm audit fix', 'approve'],
  ['command -v psql', 'safe'],
  ['which pm2 || echo "pm2 not installed"', 'safe'],
  ['trap "rm -f /tmp/lock" EXIT', 'approve'],
  ['f() { rm -rf /; }; f', 'approve'],
  ['if [ -f /tmp/x ]; then', 'approve'],
  ['# just a comment\n# another', 'manual'],
  ['', 'manual'],
  ['curl -s "https://api.example.org/users/{user_id}"', 'manual'],
  ['curl -s https://your-app.example.org/health', 'manual'],
  ['export STRIPE_KEY=sk_live_...', 'manual'],
  ['git checkout vX.Y.Z', 'manual'],
  ['jq \'{name}\' data.json', 'safe'],
];

const LANGS: [source: string, lang: string, expected: 'safe' | 'approve' | 'manual'][] = [
  ['{"a": 1}', 'json', 'manual'],
  ['key: value', 'yaml', 'manual'],
  ['SELECT 1;', 'sql', 'manual'],
  ['const x = 1;', 'typescript', 'manual'],
  ['## heading', 'markdown', 'manual'],
  ['$ pm2 status\n┌────┐', 'console', 'manual'],
  ['pm2 status', 'bash', 'safe'],
  ['pm2 status', 'shell', 'safe'],
  ['pm2 status', 'zsh', 'safe'],
  ['pm2 status', '', 'safe'],
  ['Also update the deployment commands quick reference if it exists.', '', 'manual'],
  ['pm2 restart app', '', 'approve'],
];

const TABLE: Row[] = [...SEED_INLINE, ...CURL, ...SQL, ...REDIS, ...KUBE_DOCKER, ...VCS_AND_PLATFORMS, ...SHELL_STRUCTURE];

describe('classifyBlock: the table of real-world commands', () => {
  it('holds at least 150 commands', () => {
    expect(TABLE.length + LANGS.length).toBeGreaterThanOrEqual(150);
  });

  it.each(TABLE)('%s → %s', (command, expected) => {
    const result = classifyBlock(command, 'sh');
    expect(result.safety, result.reasons.join('; ')).toBe(expected);
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const r of result.reasons) expect(r.length).toBeGreaterThan(8);
  });

  it.each(LANGS)('a %j block in language %j → %s', (source, lang, expected) => {
    expect(classifyBlock(source, lang).safety).toBe(expected);
  });
});

describe('classifyBlock: the seed runbook, block by block', () => {
  const rb = parseRunbook(readFileSync(SEED), SEED);
  const byLine = Object.fromEntries(rb.blocks.map((b) => [b.line, b]));

  it('finds exactly the four fenced blocks and no inline code as steps', () => {
    expect(rb.blocks.map((b) => b.line)).toEqual([198, 262, 300, 348]);
  });

  it('quick rollback (line 198) is manual: v1.0.X and yourdomain.com must be filled in by hand', () => {
    expect(byLine[198]!.safety).toBe('manual');
    expect(byLine[198]!.reasons.join(' ')).toContain('v1.0.X');
    expect(byLine[198]!.reasons.join(' ')).toContain('yourdomain.com');
  });

  it('the DEPLOYMENT.md snippet (line 262) is markdown, shown not run', () => {
    expect(byLine[262]!.lang).toBe('markdown');
    expect(byLine[262]!.safety).toBe('manual');
  });

  it('full rollback (line 300) is manual because of v1.X.Y', () => {
    expect(byLine[300]!.safety).toBe('manual');
    expect(byLine[300]!.reasons.join(' ')).toContain('v1.X.Y');
  });

  it('the stray unlabelled fence of prose (line 348) is manual', () => {
    expect(byLine[348]!.lang).toBe('');
    expect(byLine[348]!.safety).toBe('manual');
  });

  it('the same rollback with the tag as a declared param becomes an approval-gated step', () => {
    const block = 'pm2 stop trc-gateway\ngit checkout "$VERSION"\nnpm install && npm run build\npm2 start trc-gateway\ncurl https://app.example.org/health';
    const c = classifyBlock(block, 'bash', { params: ['VERSION'] });
    expect(c.safety).toBe('approve');
    expect(c.reasons).toContain('git "checkout" moves HEAD and changes the working tree');
  });
});

describe('classifyBlock: placeholders and declared params', () => {
  it('a placeholder naming a declared param does not block the step, but warns to use the env var', () => {
    const c = classifyBlock('git log -1 {version}', 'sh', { params: ['VERSION'] });
    expect(c.safety).toBe('safe');
    expect(c.warnings?.[0]).toContain('"$VERSION"');
  });

  it('an undeclared placeholder makes the block manual with a reason naming it', () => {
    const c = classifyBlock('stripe events resend {event_id}', 'sh', { params: ['VERSION'] });
    expect(c).toMatchObject({ safety: 'manual', reasons: ['{event_id} is a placeholder to fill in by hand'] });
  });

  it('environment expansions with defaults are not placeholders', () => {
    const c = classifyBlock('curl -sS --max-time 5 "${APP_URL:-http://127.0.0.1:3000}/health" -H "X-Key: $API_KEY"', 'sh');
    expect(c.safety).toBe('safe');
  });

  it('explains why: curl -X POST names the method', () => {
    expect(classifyBlock('curl -X POST https://x.example.org', 'sh').reasons).toEqual(['curl "-X POST" sends a POST request, which can change data']);
  });
});
