import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';

const SEED = 'test/fixtures/runbooks/RUNBOOK.md';
const fence = '```';

const DB = `---
id: db
title: Database connection failure
aliases: [database, postgres]
severity: SEV-1
params:
  VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' }
approval: { quorum: 2, ttl: 10m }
---
# Database down

## Symptoms
- Requests fail with \`ECONNREFUSED\`
- /health returns 503

### 2. Diagnosis
${fence}sh
psql "$DATABASE_URL" -c "SELECT 1;"
${fence}

## Recovery
${fence}sh {approve timeout=120s}
pm2 restart app
${fence}

#### Verification
${fence}sh {"safe":true,"timeout":"30s"}
curl -sS --max-time 5 http://127.0.0.1:3000/health
${fence}
`;

describe('parseRunbook: a well-formed runbook', () => {
  const rb = parseRunbook(DB, 'runbooks/db.md');

  it('reads the front matter', () => {
    expect(rb).toMatchObject({ id: 'db', title: 'Database connection failure', aliases: ['database', 'postgres'], severity: 'SEV-1' });
    expect(rb.params).toEqual({ VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' } });
    expect(rb.approval).toEqual({ quorum: 2, ttlMs: 600_000 });
    expect(rb.problems).toEqual([]);
  });

  it('finds sections by heading text at any level', () => {
    expect(rb.sections.map((s) => [s.kind, s.title])).toEqual([
      ['other', 'Database down'],
      ['symptoms', 'Symptoms'],
      ['diagnosis', '2. Diagnosis'],
      ['recovery', 'Recovery'],
      ['verify', 'Verification'],
    ]);
    expect(rb.sections[1]!.text).toBe('- Requests fail with ECONNREFUSED\n- /health returns 503');
  });

  it('makes each fenced block a step with its fence line, attributes and class', () => {
    expect(rb.blocks.map((b) => ({ line: b.line, section: b.section, safety: b.safety, attrs: b.attrs }))).toEqual([
      { line: 17, section: '2. Diagnosis', safety: 'safe', attrs: {} },
      { line: 22, section: 'Recovery', safety: 'approve', attrs: { approve: true, timeout: 120_000 } },
      { line: 27, section: 'Verification', safety: 'safe', attrs: { safe: true, timeout: 30_000 } },
    ]);
    expect(rb.blocks[0]!.source).toBe('psql "$DATABASE_URL" -c "SELECT 1;"');
    expect(rb.sections.find((s) => s.kind === 'recovery')!.blocks[0]).toBe(rb.blocks[1]);
  });

  it('defaults the id to the file name and the title to the first h1', () => {
    const plain = parseRunbook(`# App is down\n\n## Diagnosis\n${fence}sh\nuptime\n${fence}\n`, '/x/runbooks/App-Down.md');
    expect(plain.id).toBe('app-down');
    expect(plain.title).toBe('App is down');
  });
});

describe('parseRunbook: the seed runbook, written without opsbridge in mind', () => {
  const rb = parseRunbook(readFileSync(SEED), SEED);

  it('parses without problems and finds the bold-label sections inside numbered headings', () => {
    expect(rb.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const appWontStart = rb.sections.filter((s) => s.parent === "1. Application Won't Start");
    expect(appWontStart.map((s) => [s.kind, s.title])).toEqual([
      ['symptoms', 'Symptoms'],
      ['diagnosis', 'Diagnosis'],
      ['causes', 'Common Causes & Fixes'],
      ['recovery', 'Recovery'],
    ]);
  });

  it('keeps the label checklists as text; inline code there is not a step', () => {
    const diag = rb.sections.find((s) => s.parent === "1. Application Won't Start" && s.kind === 'diagnosis')!;
    expect(diag.text).toContain('1. Check PM2 logs: pm2 logs trc-gateway --lines 100');
    expect(diag.text).toContain('3. Verify environment: cat .env | grep -v PASSWORD');
    expect(diag.blocks).toEqual([]);
    const symptoms = rb.sections.find((s) => s.parent === '2. Discord Bot Offline' && s.kind === 'symptoms')!;
    expect(symptoms.text).toBe('Bot shows offline in server, role assignments failing');
    expect(rb.blocks.every((b) => !b.source.startsWith('pm2 logs trc-gateway'))).toBe(true);
  });

  it('ignores the planning keys of its front matter', () => {
    expect(rb.id).toBe('runbook');
    expect(rb.title).toBe('Incident Runbook');
    expect(rb.problems).toEqual([]);
  });
});

describe('parseRunbook: fence attributes', () => {
  const one = (info: string, body = 'uptime') => parseRunbook(`## Diagnosis\n${fence}${info}\n${body}\n${fence}\n`, 'a.md');

  it('reads the Runme key=value form', () => {
    expect(one('sh { safe timeout=2m quorum=2 }').blocks[0]!.attrs).toEqual({ safe: true, timeout: 120_000, quorum: 2 });
  });

  it('reads the Runme JSON form', () => {
    const rb = one('sh {"approve":true,"quorum":2}');
    expect(rb.blocks[0]!.attrs).toEqual({ approve: true, quorum: 2 });
    expect(rb.blocks[0]!.safety).toBe('approve');
  });

  it('warns on an unknown attribute and keeps the block', () => {
    const rb = one('sh {safe retries=3}');
    expect(rb.problems).toEqual([{ line: 2, severity: 'warning', message: expect.stringContaining('unknown fence attribute "retries"') }]);
    expect(rb.blocks[0]!.safety).toBe('safe');
  });

  it('rejects bad values', () => {
    expect(one('sh {timeout=soon}').problems[0]).toMatchObject({ line: 2, severity: 'error', message: expect.stringContaining('timeout=soon') });
    expect(one('sh {quorum=0}').problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('quorum=0') });
    expect(one('sh {safe approve}').problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('contradict') });
  });

  it('an author {safe} the classifier contradicts is an error, and the block stays gated', () => {
    const rb = one('sh {safe}', 'pm2 restart app');
    expect(rb.blocks[0]!.safety).toBe('approve');
    expect(rb.problems).toEqual([{ line: 2, severity: 'error', message: expect.stringContaining('marked {safe} but the classifier says approve: pm2 \"restart\" restarts the process') }]);
  });

  it('{approve} always gates, even a read-only block', () => {
    const rb = one('sh {approve}', 'uptime');
    expect(rb.blocks[0]!.safety).toBe('approve');
    expect(rb.blocks[0]!.reasons[0]).toContain('{approve}');
  });

  it('{manual} never runs, even a read-only block', () => {
    expect(one('sh {manual}', 'uptime').blocks[0]!.safety).toBe('manual');
  });

  it('a declared param written as a placeholder warns', () => {
    const rb = parseRunbook(`---\nparams:\n  VERSION: { pattern: '^v\\d+$' }\n---\n## Recovery\n${fence}sh\ngit checkout {version}\n${fence}\n`, 'r.md');
    expect(rb.problems[0]).toMatchObject({ line: 6, severity: 'warning', message: expect.stringContaining('"$VERSION"') });
  });
});

describe('parseRunbook: bad input never throws, it becomes problems', () => {
  it('malformed front matter YAML', () => {
    const rb = parseRunbook('---\nid: db\naliases: [unclosed\n---\n## Diagnosis\n', 'db.md');
    expect(rb.problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('front matter is not valid YAML') });
    expect(rb.problems[0]!.line).toBeGreaterThanOrEqual(2);
    expect(rb.id).toBe('db');
  });

  it('front matter that is not a mapping', () => {
    const rb = parseRunbook('---\n- a\n- b\n---\n# T\n', 'x.md');
    expect(rb.problems).toEqual([{ line: 2, severity: 'error', message: expect.stringContaining('must be a mapping') }]);
  });

  it('front matter never closed', () => {
    const rb = parseRunbook('---\nid: db\n\n# Title\n', 'x.md');
    expect(rb.problems[0]).toMatchObject({ line: 1, severity: 'error', message: expect.stringContaining('never closed') });
  });

  it('bad values in front matter name the key and line', () => {
    const rb = parseRunbook("---\nid: 'bad id!'\naliase: [x]\nparams:\n  version: { pattern: 'v1' }\n---\n", 'x.md');
    expect(rb.problems).toEqual([
      { line: 2, severity: 'error', message: expect.stringContaining('id "bad id!"') },
      { line: 3, severity: 'warning', message: 'unknown front-matter key "aliase" (did you mean "aliases"?)' },
      { line: 4, severity: 'error', message: expect.stringContaining('param name "version"') },
    ]);
  });

  it('an unterminated fence is an error and its block never runs', () => {
    const rb = parseRunbook(`# T\n\n## Recovery\n${fence}sh\npm2 restart app\n\n## Verify\ncurl http://127.0.0.1/health\n`, 'x.md');
    expect(rb.problems).toEqual([{ line: 4, severity: 'error', message: expect.stringContaining('never closed') }]);
    expect(rb.blocks[0]!.safety).toBe('manual');
  });

  it('binary content', () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
    const rb = parseRunbook(bytes, 'logo.md');
    expect(rb.problems).toEqual([{ line: 3, severity: 'error', message: expect.stringContaining('binary content') }]);
    expect(rb.blocks).toEqual([]);
    expect(rb.id).toBe('logo');
  });

  it('invalid UTF-8 is reported with its line; the rest still parses', () => {
    const head = Buffer.from('# Title\n\nline two\n', 'utf8');
    const bad = Buffer.from([0xc3, 0x28, 0x0a]);
    const tail = Buffer.from(`## Diagnosis\n${fence}sh\nuptime\n${fence}\n`, 'utf8');
    const rb = parseRunbook(Buffer.concat([head, bad, tail]), 'x.md');
    expect(rb.problems).toEqual([{ line: 4, severity: 'error', message: expect.stringContaining('invalid UTF-8') }]);
    expect(rb.blocks.map((b) => b.safety)).toEqual(['safe']);
  });

  it('a 10 MB file is refused with a problem, quickly', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a\n');
    const rb = parseRunbook(big, 'huge.md');
    expect(rb.problems).toEqual([{ line: 1, severity: 'error', message: expect.stringContaining('10.0 MB') }]);
    expect(rb.sections).toEqual([]);
  });

  it('empty input', () => {
    const rb = parseRunbook('', 'empty.md');
    expect(rb).toMatchObject({ id: 'empty', title: 'empty', sections: [], blocks: [], problems: [] });
  });

  it('a stray fence inside a list item is still a step, with its own line', () => {
    const rb = parseRunbook(`## Diagnosis\n1. Check:\n   ${fence}sh\n   uptime\n   ${fence}\n`, 'x.md');
    expect(rb.blocks).toMatchObject([{ line: 3, source: 'uptime', safety: 'safe', section: 'Diagnosis' }]);
  });

  it('indented code is text, not a step', () => {
    const rb = parseRunbook('## Diagnosis\n\n    pm2 restart app\n', 'x.md');
    expect(rb.blocks).toEqual([]);
  });
});
