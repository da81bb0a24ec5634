import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunbooks } from '../../../src/core/runbook/load-runbooks.js';

function dir(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'opsbridge-runbooks-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('loadRunbooks', () => {
  it('recurses into directories for *.md files, in sorted order', async () => {
    const root = dir({ 'b.md': '# B\n', 'sub/a.md': '# A\n', 'notes.txt': 'not a runbook', '.hidden/x.md': '# X\n' });
    const { runbooks, problems } = await loadRunbooks([root]);
    expect(runbooks.map((r) => r.id)).toEqual(['b', 'a']);
    expect(problems).toEqual([]);
  });

  it('refuses a later file whose id or alias is taken, naming both files; the earlier one keeps its names', async () => {
    const root = dir({ 'a.md': '---\nid: db\naliases: [pg]\n---\n', 'b.md': '---\nid: database\naliases: [PG]\n---\n', 'db.md': '# another db\n' });
    const { problems, runbooks, refused } = await loadRunbooks([root]);
    expect(problems.map((p) => [path.basename(p.file), p.severity, p.message.split(' is already')[0]])).toEqual([
      ['b.md', 'error', '"pg" (alias)'],
      ['db.md', 'error', '"db" (id)'],
    ]);
    expect(runbooks.map((r) => path.basename(r.file))).toEqual(['a.md']);
    expect(refused.map((r) => path.basename(r.file))).toEqual(['b.md', 'db.md']);
    const msg = refused[0]!.problems[0]!.message;
    expect(msg).toContain(path.join(root, 'a.md'));
    expect(msg).toContain(`${path.join(root, 'b.md')} was not loaded`);
  });

  it('two files with one id: only the first loads, so what is shown is what runs', async () => {
    const twin = (tag: string) => `---\nid: twin\n---\n## Diagnosis\n\`\`\`sh\necho "twin-${tag}-diag"\n\`\`\`\n${tag === 'B' ? '## Recovery\n```sh {approve}\necho more\n```\n' : ''}`;
    const root = dir({ 'twin-a.md': twin('A'), 'twin-b.md': twin('B') });
    const { runbooks, refused } = await loadRunbooks([root]);
    expect(runbooks).toHaveLength(1);
    expect(runbooks[0]!.blocks[0]!.source).toContain('twin-A-diag');
    expect(refused[0]!.problems.map((p) => p.message)).toEqual([expect.stringMatching(/"twin" \(id\) is already used by .*twin-a\.md.*twin-b\.md was not loaded/)]);
    expect(runbooks[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('turns a missing path and a binary file into problems', async () => {
    const root = dir({ 'logo.md': Buffer.from([0x89, 0x50, 0x00, 0x01]) });
    const { runbooks, problems } = await loadRunbooks([root, path.join(root, 'missing.md')]);
    expect(runbooks).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('cannot read'), expect.stringContaining('binary content')]);
  });

  it('loads the shipped example runbooks with no problems at all', async () => {
    const { runbooks, problems } = await loadRunbooks(['runbooks']);
    expect(problems).toEqual([]);
    expect(runbooks.map((r) => r.id).sort()).toEqual(['app-down', 'db', 'discord-bot-offline', 'email', 'high-memory', 'rollback', 'stripe-webhooks']);
    for (const rb of runbooks) {
      expect(rb.blocks.some((b) => b.sectionKind === 'diagnosis' && b.safety === 'safe')).toBe(true);
      expect(rb.blocks.filter((b) => b.sectionKind === 'recovery').every((b) => b.safety === 'approve')).toBe(true);
      expect(rb.blocks.some((b) => b.sectionKind === 'verify' && b.safety === 'safe')).toBe(true);
      expect(rb.sections.find((s) => s.kind === 'symptoms')!.text.length).toBeGreaterThan(20);
    }
    expect(runbooks.find((r) => r.id === 'rollback')!.params.VERSION!.pattern).toBe('^v\\d+\\.\\d+\\.\\d+$');
  });
});

describe('incident subcommand words', () => {
  it('reports a runbook id or alias that is an /incident subcommand, and still loads the runbook', async () => {
    const root = dir({
      'status.md': '# Status page down\n## Diagnosis\n```sh\necho ok\n```\n',
      'queue.md': '---\naliases: [backlog, Note]\n---\n# Queue\n',
    });
    const { runbooks, problems } = await loadRunbooks([root]);
    expect(runbooks.map((r) => r.id).sort()).toEqual(['queue', 'status']);
    const messages = problems.map((p) => p.message);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/the id "status" is an \/incident subcommand/), expect.stringMatching(/the alias "Note" is an \/incident subcommand/)]),
    );
    expect(problems.filter((p) => /subcommand/.test(p.message)).every((p) => p.severity === 'error')).toBe(true);
  });
});
