import { describe, expect, it } from 'vitest';
import { codeNodes, fenceInfo, parseMarkdownTree } from '../../../src/core/runbook/markdown-tree.js';
import { blockText } from '../../../src/core/runbook/plain-text.js';

const f = '```';

describe('parseMarkdownTree', () => {
  it('nests blocks and numbers lines from the given first line', () => {
    const tree = parseMarkdownTree(`# T\n\n- a\n- b\n  ${f}sh\n  uptime\n  ${f}\n`, 10);
    expect(tree.map((n) => [n.type, n.line])).toEqual([
      ['heading', 10],
      ['bullet_list', 12],
    ]);
    const [code] = codeNodes(tree[1]!);
    expect(code).toMatchObject({ type: 'fence', line: 14, endLine: 17 });
    expect(code!.token.content).toBe('uptime\n');
  });

  it('reads the language and the attributes of a fence, unescaping as CommonMark does', () => {
    const [a, b, c] = parseMarkdownTree(`${f}sh {safe timeout=2m}\n${f}\n${f}bash\n${f}\n${f}sh {"x":"a\\&b"}\n${f}\n`, 1);
    expect(fenceInfo(a!)).toEqual({ lang: 'sh', meta: '{safe timeout=2m}' });
    expect(fenceInfo(b!)).toEqual({ lang: 'bash', meta: '' });
    expect(fenceInfo(c!)).toEqual({ lang: 'sh', meta: '{"x":"a&b"}' });
  });
});

describe('blockText', () => {
  it('keeps lists readable and leaves code, HTML and rules out', () => {
    const tree = parseMarkdownTree('3. one `cmd`\n4. two\n   - nested *em*\n\n<div>x</div>\n\n---\n\n> quoted\n', 1);
    expect(tree.map((n) => blockText(n)).filter(Boolean)).toEqual(['3. one cmd\n4. two\n   - nested em', 'quoted']);
  });

  it('writes a table row per line', () => {
    const [table] = parseMarkdownTree('| a | b |\n|---|---|\n| 1 | 2 |\n', 1);
    expect(blockText(table!)).toBe('a | b\n1 | 2');
  });
});
