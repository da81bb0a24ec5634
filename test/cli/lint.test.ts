/** `opsbridge lint` run as a real child process, as CI and on-call engineers run it. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SEED = 'test/fixtures/runbooks/RUNBOOK.md';
const fence = '```';

function lint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/opsbridge.js', 'lint', ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'opsbridge-lint-')), name);
  writeFileSync(file, content);
  return file;
}

describe('opsbridge lint', () => {
  it('the example runbooks lint clean with --strict', async () => {
    const { code, stdout } = await lint('runbooks', '--strict');
    expect(stdout).toContain('7 runbooks');
    expect(stdout).toContain('0 errors, 0 warnings');
    expect(code).toBe(0);
  });

  it('--json prints exactly one document in the DESIGN shape, with fence lines', async () => {
    const { code, stdout } = await lint('--json', 'runbooks/db.md');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { runbooks: { file: string; id: string; title: string; blocks: Record<string, unknown>[]; problems: unknown[] }[] };
    expect(Object.keys(doc)).toEqual(['runbooks']);
    const [db] = doc.runbooks;
    expect(db).toMatchObject({ file: 'runbooks/db.md', id: 'db', title: 'Database connection failure', problems: [] });
    expect(Object.keys(db!.blocks[0]!)).toEqual(['line', 'lang', 'section', 'safety', 'reasons']);
    expect(db!.blocks[0]).toEqual({ line: 15, lang: 'sh', section: 'Diagnosis', safety: 'safe', reasons: ['psql: SELECT only reads'] });
    expect(db!.blocks.filter((b) => b.section === 'Recovery').map((b) => b.safety)).toEqual(['approve', 'approve']);
  });

  it('lints the seed runbook: four blocks, all shown-only, and a readable table', async () => {
    const json = await lint('--json', SEED);
    expect(json.code).toBe(0);
    const [seed] = (JSON.parse(json.stdout) as { runbooks: { blocks: { line: number; safety: string; section: string }[] }[] }).runbooks;
    expect(seed!.blocks.map((b) => [b.line, b.safety])).toEqual([[198, 'manual'], [262, 'manual'], [300, 'manual'], [348, 'manual']]);
    expect(seed!.blocks[0]!.section).toBe('Rollback Deployment');

    const human = await lint(SEED);
    expect(human.stdout).toMatch(/LINE\s+SECTION\s+LANG\s+SAFETY\s+WHY/);
    expect(human.stdout).toMatch(/198\s+Rollback Deployment\s+bash\s+manual\s+v1\.0\.X is a placeholder/);
    expect(human.stdout).toContain('1 runbook, 4 blocks (0 safe, 0 approve, 4 manual)');
  });

  it('exits 1 on an error problem: an author {safe} the classifier contradicts', async () => {
    const file = tempFile('bad.md', `## Recovery\n${fence}sh {safe}\npm2 restart app\n${fence}\n`);
    const { code, stdout } = await lint('--json', file);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as { runbooks: { problems: { line: number; severity: string; message: string }[] }[] };
    expect(doc.runbooks[0]!.problems).toEqual([{ line: 2, severity: 'error', message: expect.stringContaining('marked {safe} but the classifier says approve') }]);
  });

  it('an unterminated fence fails lint, on the line of the opening fence, and its block never runs', async () => {
    const file = tempFile('open.md', `# App\n\n## Diagnosis\n${fence}sh\nuptime\n\n## Recovery\n${fence}sh\npm2 restart app\n${fence}\n`);
    const { code, stdout } = await lint('--json', '--strict', file);
    expect(code).toBe(1);
    const [rb] = (JSON.parse(stdout) as { runbooks: { blocks: { line: number; safety: string }[]; problems: { line: number; severity: string; message: string }[] }[] }).runbooks;
    expect(rb!.problems).toEqual([{ line: 4, severity: 'error', message: expect.stringContaining('"## Recovery" on line 7') }]);
    expect(rb!.blocks).toEqual([expect.objectContaining({ line: 4, safety: 'manual' })]);
  });

  it('warnings pass by default and fail with --strict', async () => {
    const file = tempFile('warn.md', `## Diagnosis\n${fence}sh {safe retries=2}\nuptime\n${fence}\n`);
    expect((await lint(file)).code).toBe(0);
    const strict = await lint('--strict', file);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`${file}:2  warning  unknown fence attribute "retries"`);
  });

  it('a binary file and a missing path are problems in the JSON document, not crashes', async () => {
    const bin = tempFile('logo.md', '\x89PNG\r\n\x1a\n\0\0\0');
    const { code, stdout, stderr } = await lint('--json', bin, '/nonexistent/runbooks');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout) as { runbooks: { file: string; problems: { message: string }[] }[] };
    expect(doc.runbooks.map((r) => [r.file, r.problems[0]!.message.split(' ')[0]])).toEqual([
      [bin, 'binary'],
      ['/nonexistent/runbooks', 'cannot'],
    ]);
  });

  it('classifies with the read directories of the config (exec.readDirs), as the bot will', async () => {
    const runbook = tempFile('logs.md', `# Logs\n## Diagnosis\n${fence}sh\ntail -n 100 "/srv/logs/$SERVICE.log"\n${fence}\n`);
    const safety = async (env: NodeJS.ProcessEnv) => {
      const r = await new Promise<string>((resolve) => execFile(process.execPath, ['bin/opsbridge.js', 'lint', runbook, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } }, (_e, out) => resolve(out)));
      return (JSON.parse(r) as { runbooks: { blocks: { safety: string }[] }[] }).runbooks[0]!.blocks[0]!.safety;
    };
    expect(await safety({})).toBe('approve');
    const config = tempFile('opsbridge.yaml', 'exec:\n  readDirs: [/var/log, /srv/logs]\n');
    expect(await safety({ OPSBRIDGE_CONFIG: config })).toBe('safe');
  });

  it('usage mistakes exit 2 with a message', async () => {
    const none = await lint();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: opsbridge lint PATH...');
    expect((await lint('--fix', 'runbooks')).code).toBe(2);
  });
});
