/**
 * Every block of the shipped runbooks (runbooks/) and of the fixture runbook written like a small
 * SaaS's RUNBOOK.md keeps a sensible class: diagnostics safe, recovery gated, placeholders and
 * templates shown only. The reason is the one the block shows (after the author's {approve}).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../../src/core/runbook/parse-runbook.js';

const EXPECTED: [file: string, line: number, safety: 'safe' | 'approve' | 'manual', reason: string][] = [
  ['runbooks/app-down.md', 15, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/app-down.md', 20, 'safe', "pm2 describe only reads"],
  ['runbooks/app-down.md', 25, 'safe', "pm2 logs only reads logs"],
  ['runbooks/app-down.md', 30, 'safe', "ss only reads"],
  ['runbooks/app-down.md', 35, 'safe', "df only reads"],
  ['runbooks/app-down.md', 48, 'approve', "npm \"ci\" reinstalls node_modules"],
  ['runbooks/app-down.md', 54, 'approve', "pm2 \"restart\" restarts the process"],
  ['runbooks/app-down.md', 59, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/db.md', 15, 'safe', "psql: SELECT only reads"],
  ['runbooks/db.md', 20, 'safe', "psql: SELECT only reads"],
  ['runbooks/db.md', 26, 'safe', "psql: SELECT only reads"],
  ['runbooks/db.md', 31, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/db.md', 43, 'approve', "psql: the function \"pg_terminate_backend()\" is not one the c"],
  ['runbooks/db.md', 48, 'approve', "pm2 \"restart\" restarts the process"],
  ['runbooks/db.md', 53, 'safe', "psql: SELECT only reads"],
  ['runbooks/discord-bot-offline.md', 15, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/discord-bot-offline.md', 20, 'safe', "pm2 logs only reads logs"],
  ['runbooks/discord-bot-offline.md', 25, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/discord-bot-offline.md', 30, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/discord-bot-offline.md', 42, 'approve', "pm2 \"restart\" restarts the process"],
  ['runbooks/discord-bot-offline.md', 47, 'safe', "pm2 logs only reads logs"],
  ['runbooks/email.md', 15, 'safe', "pm2 logs only reads logs"],
  ['runbooks/email.md', 20, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/email.md', 25, 'safe', "dig only reads"],
  ['runbooks/email.md', 31, 'safe', "nc -z only probes whether the port is open"],
  ['runbooks/email.md', 43, 'approve', "pm2 \"restart\" restarts the process"],
  ['runbooks/email.md', 48, 'safe', "pm2 logs only reads logs"],
  ['runbooks/high-memory.md', 15, 'safe', "pm2 jlist only reads"],
  ['runbooks/high-memory.md', 20, 'safe', "ps only lists processes"],
  ['runbooks/high-memory.md', 26, 'safe', "journalctl only reads logs"],
  ['runbooks/high-memory.md', 37, 'approve', "pm2 \"reload\" reloads the process"],
  ['runbooks/high-memory.md', 44, 'safe', "pm2 jlist only reads"],
  ['runbooks/rollback.md', 20, 'safe', "git describe only reads"],
  ['runbooks/rollback.md', 26, 'safe', "git log only reads"],
  ['runbooks/rollback.md', 31, 'safe', "pm2 describe only reads"],
  ['runbooks/rollback.md', 41, 'approve', "git \"fetch\" updates remote-tracking refs and downloads objec"],
  ['runbooks/rollback.md', 50, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/stripe-webhooks.md', 15, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/stripe-webhooks.md', 20, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/stripe-webhooks.md', 28, 'safe', "pm2 logs only reads logs"],
  ['runbooks/stripe-webhooks.md', 33, 'safe', "curl sends a GET request without a body and writes no file"],
  ['runbooks/stripe-webhooks.md', 47, 'approve', "pm2 \"restart\" restarts the process"],
  ['runbooks/stripe-webhooks.md', 52, 'safe', "curl sends a GET request without a body and writes no file"],
  ['test/fixtures/runbooks/RUNBOOK.md', 198, 'manual', "v1.0.X is a placeholder to fill in by hand"],
  ['test/fixtures/runbooks/RUNBOOK.md', 262, 'manual', "a markdown block is not a shell script; shown, not run"],
  ['test/fixtures/runbooks/RUNBOOK.md', 300, 'manual', "v1.X.Y is a placeholder to fill in by hand"],
  ['test/fixtures/runbooks/RUNBOOK.md', 348, 'manual', "the block has no language and \"Heads\" is not a known command"],
];

const FILES = [...readdirSync('runbooks').filter((f) => f.endsWith('.md')).map((f) => `runbooks/${f}`), 'test/fixtures/runbooks/RUNBOOK.md'];

describe('classifyBlock: every block of the shipped and fixture runbooks', () => {
  const blocks = FILES.flatMap((file) => parseRunbook(readFileSync(file), file).blocks.map((b) => ({ file, ...b })));

  it('the table names every block, and only those', () => {
    expect(blocks.map((b) => [b.file, b.line])).toEqual(EXPECTED.map(([file, line]) => [file, line]));
  });

  it.each(EXPECTED)('%s line %i → %s', (file, line, safety, reason) => {
    const block = blocks.find((b) => b.file === file && b.line === line)!;
    expect(block.safety, block.reasons.join('; ')).toBe(safety);
    expect(block.reasons.join(' | ')).toContain(reason);
  });
});

describe('lint: a block that reads differently from how it runs is an error', () => {
  const fence = '```';
  it.each([
    ['a right-to-left override', 'echo "safe" # \u202e; id \u202c', 'a right-to-left override (U+202E)'],
    ['a Cyrillic letter in the program name', 'c\u0430t /etc/hosts', 'U+0430'],
    ['a here-document that is never closed', 'cat <<EOF\npm2 restart app', 'is never closed'],
  ])('%s', (_name, body, message) => {
    const rb = parseRunbook(`## Diagnosis\n${fence}sh\n${body}\n${fence}\n`, 'tricks.md');
    expect(rb.blocks[0]!.safety).toBe('approve');
    expect(rb.problems).toContainEqual({ line: 2, severity: 'error', message: expect.stringContaining(message) });
    expect(rb.problems.find((p) => p.severity === 'error')!.message).toMatch(/^the block reads differently from how it runs: line \d+ /);
  });
});
