import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { installPlainInline } from '../../../src/core/runbook/markdown-plain-inline.js';

/** Plain text around line ends (trailing spaces and tabs, indented lines), and text with markup. */
const SAMPLES = [
  'plain words: a-b, (c) $X {y} #1 = 2 + 3 @ 50% ^ | " \' ]',
  'one\ntwo', 'soft \nbreak', 'hard  \nbreak', 'harder     \n   indented', 'tab\t\n\tnext', 'a\n\n', ' lead', 'é 😀 \u00a0 nbsp',
  'line  \n  \n  x', '1. not a list\n- nor this', 'Look for: timeouts over 3s',
  '**bold** and `code`', 'a *b* _c_ ~~d~~', '[link](u) ![img](i) <b>x</b> <https://x.org>', 'a &amp; b', 'esc\\*aped', 'two  \n**bold**',
];

describe('installPlainInline', () => {
  it('installs on a default MarkdownIt, not on one with linkify or an extra inline rule', () => {
    expect(installPlainInline(new MarkdownIt({ html: true }))).toBe(true);
    expect(installPlainInline(new MarkdownIt({ linkify: true }))).toBe(false);
    const withRule = new MarkdownIt();
    withRule.inline.ruler.push('mention', () => false);
    expect(installPlainInline(withRule)).toBe(false);
  });

  it('gives the tokens markdown-it gives, for paragraphs, list items, headings and tables', () => {
    const stock = new MarkdownIt({ html: true });
    const plain = new MarkdownIt({ html: true });
    installPlainInline(plain);
    for (const s of SAMPLES) {
      for (const doc of [s, `- ${s}`, `## ${s}`, `> ${s}`, `| h |\n|---|\n| ${s.replace(/\n/g, ' ')} |`]) {
        expect(JSON.stringify(plain.parse(doc, {})), doc).toBe(JSON.stringify(stock.parse(doc, {})));
      }
    }
  });

  it('gives the tokens markdown-it gives for code spans: matched runs, unmatched backticks, spaces and line ends inside', () => {
    const stock = new MarkdownIt({ html: true });
    const plain = new MarkdownIt({ html: true });
    installPlainInline(plain);
    const spans = [
      'Check logs: `pm2 logs app-1 --lines 100`', '`a` and `b`', '``a ` b``', '` `', '`  `', '` a `', '`  a  `', '`a\nb`', '`a  \nb`',
      'open ` only', '`` unmatched `', 'a ``` b ``` c `` d', 'end  \n`x`', '`x`  \nnext', '`$HOME` {x} $(y) | z', 'tab`\t`\n\t`y`',
    ];
    for (const s of spans) {
      for (const doc of [s, `- ${s}`, `## ${s}`, `> ${s}`]) {
        expect(JSON.stringify(plain.parse(doc, {})), doc).toBe(JSON.stringify(stock.parse(doc, {})));
      }
    }
  });

  it('gives the tokens markdown-it gives for bold labels, and for text with & that is not an entity', () => {
    const stock = new MarkdownIt({ html: true });
    const plain = new MarkdownIt({ html: true });
    installPlainInline(plain);
    const bold = [
      '**Symptoms:** requests fail\n**Diagnosis:**', '**Common Causes & Fixes:**', 'Causes & fixes', 'a & b &', '**a** **b**', 'x**a**y', '**a**:', '(**a**)',
      '**"q"**', '** a**', '**a **', '**a', 'a**', '**a** b**', '***a***', '****', '**a*b**', '**é** 😀**x**', 'end  \n**x**  \nnext', '&amp; **a**', '&#39; **a**',
    ];
    for (const s of bold) {
      for (const doc of [s, `- ${s}`, `## ${s}`, `> ${s}`]) {
        expect(JSON.stringify(plain.parse(doc, {})), doc).toBe(JSON.stringify(stock.parse(doc, {})));
      }
    }
  });
});
