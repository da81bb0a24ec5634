import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { installFastTokens } from '../../../src/core/runbook/markdown-fast-tokens.js';

const f = '```';
/** Every kind of block and inline markdown a runbook may hold, nested and mixed. */
const DOC = [
  '# Title &amp; *more*', '', 'Setext heading', '===', '',
  '**Symptoms:** 5xx after a deploy\n**Diagnosis:**', '',
  '1. Check logs: `pm2 logs app --lines 100`\n2. Look for: *timeouts*, __bold__, ~~gone~~ and [a link](https://example.org "t")',
  '   - nested ![img](x.png) <span>html</span> <https://auto.example> \\*escaped\\*', '',
  '> quoted `code`  ', '> hard break above', '', '---', '',
  '| a | b |', '|:--|--:|', '| `1` | **2** |', '',
  `${f}sh {safe timeout=2m}`, 'uptime', f, '', '    indented code', '', '<div>', 'block html', '</div>', '',
  '- [ ] loose', '', '- item **bold *nested* end**', '',
  `~~~bash`, 'unterminated',
].join('\n');

describe('installFastTokens', () => {
  it('installs on a MarkdownIt of this version', () => {
    expect(installFastTokens(new MarkdownIt({ html: true }))).toBe(true);
  });

  it('parses to the same tokens, with the same prototype and fields, as markdown-it itself', () => {
    const stock = new MarkdownIt({ html: true });
    const fast = new MarkdownIt({ html: true });
    installFastTokens(fast);
    const a = stock.parse(DOC, {});
    const b = fast.parse(DOC, {});
    expect(shape(b)).toEqual(shape(a));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(b.every((t) => t instanceof MarkdownIt.Token)).toBe(true);
    expect(b.find((t) => t.type === 'ordered_list_open')?.attrGet('start')).toBe(null);
    expect(fast.render(DOC)).toBe(stock.render(DOC));
  });

  it('leaves other MarkdownIt instances alone', () => {
    const fast = new MarkdownIt();
    installFastTokens(fast);
    const other = new MarkdownIt();
    expect(other.block.State).toBe(MarkdownIt.StateBlock);
    expect(other.inline.State).toBe(MarkdownIt.StateInline);
  });
});

/** Field names in order, for every token and its children. */
function shape(tokens: Token[]): string[] {
  return tokens.flatMap((t) => [Object.keys(t).join(), ...shape(t.children ?? [])]);
}
