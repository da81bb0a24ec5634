/**
 * A fence the author meant to close but did not swallows the headings and steps after it. Every
 * shape of that mistake is an error on the line of the opening fence, and the block never runs.
 */
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';

const f = '```';
const errors = (md: string) => parseRunbook(md, 'x.md').problems.filter((p) => p.severity === 'error');

describe('unterminated code fences', () => {
  it('a forgotten closing fence before the next section: the fence that follows cannot close it', () => {
    const md = `---\nid: app\n---\n# App\n\n## Diagnosis\n${f}sh\nuptime\n\n## Recovery\n${f}sh\npm2 restart app\n${f}\n`;
    const rb = parseRunbook(md, 'app.md');
    expect(rb.problems).toEqual([{ line: 7, severity: 'error', message: expect.stringContaining('opened on line 7 is never closed') }]);
    const message = rb.problems[0]!.message;
    expect(message).toContain('line 11 (```sh) does not close it');
    expect(message).toContain('"## Recovery" on line 10');
    expect(rb.blocks).toHaveLength(1);
    expect(rb.blocks[0]).toMatchObject({ line: 7, safety: 'manual', reasons: [expect.stringContaining('never closed')] });
  });

  it('a fence left open at the end of the file', () => {
    const rb = parseRunbook(`## Diagnosis\n${f}bash\ndf -h\n\n## Verify\ncurl -sS http://127.0.0.1/health\n`, 'x.md');
    expect(rb.problems).toEqual([{ line: 2, severity: 'error', message: expect.stringContaining('the end of the file (line 6)') }]);
    expect(rb.problems[0]!.message).toContain('"## Verify" on line 5');
    expect(rb.blocks[0]!.safety).toBe('manual');
  });

  it('a closing fence with text after it', () => {
    expect(errors(`## Diagnosis\n${f}sh\nuptime\n${f} end\n\nmore text\n${f}sh\ndf -h\n${f}\n`)).toEqual([
      { line: 2, severity: 'error', message: expect.stringMatching(/line 4 \(``` end\) does not close it, because a closing fence cannot have text after it \("end"\)/) },
    ]);
  });

  it('a closing fence indented four spaces', () => {
    expect(errors(`## Diagnosis\n${f}sh\nuptime\n    ${f}\n## Recovery\n${f}\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('indented four or more spaces') });
  });

  it('a tilde fence "closed" with backticks', () => {
    expect(errors(`## Diagnosis\n~~~sh\nuptime\n${f}\n\n## Recovery\npm2 restart app\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('never closed') });
  });

  it('a four-backtick fence closed with three', () => {
    expect(errors(`## Diagnosis\n\`\`\`\`sh\nuptime\n${f}\n`)[0]).toMatchObject({ line: 2, message: expect.stringContaining('never closed') });
  });

  it('inside a list item or a quote: the fence ends with its container', () => {
    const list = errors(`## Diagnosis\n1. Check:\n   ${f}sh\n   uptime\n2. Then restart\n`);
    expect(list).toEqual([{ line: 3, severity: 'error', message: expect.stringContaining('the end of the list item or quote it sits in (line 4)') }]);
    const quote = errors(`## Diagnosis\n> ${f}sh\n> uptime\n\nafter\n`);
    expect(quote).toEqual([{ line: 2, severity: 'error', message: expect.stringContaining('never closed') }]);
  });

  it('the unclosed fence does not hide the problems of the blocks before it', () => {
    const rb = parseRunbook(`## Diagnosis\n${f}sh {safe}\nuptime\n${f}\n\n## Recovery\n${f}sh\npm2 restart app\n`, 'x.md');
    expect(rb.blocks.map((b) => [b.line, b.safety])).toEqual([
      [2, 'safe'],
      [7, 'manual'],
    ]);
    expect(rb.problems.map((p) => p.line)).toEqual([7]);
  });

  it('documentation blocks may show fences inside them', () => {
    expect(errors(`## Notes\n${f}\`markdown\n${f}sh\nuptime\n${f}\n${f}\`\n`)).toEqual([]);
    expect(errors(`## Notes\n${f}markdown\n## Example\n${f}sh\nuptime\n${f}\n`)).toEqual([]);
  });

  it('a closed fence with an inner shorter run of backticks in prose is fine', () => {
    expect(errors(`## Diagnosis\n${f}sh\necho done\n${f}\n\nUse \`\`\` to fence code.\n`)).toEqual([]);
  });
});
