/**
 * A code fence the author meant to close but did not. CommonMark then reads everything up to the
 * end of the file (or of the list item or quote around it), or up to the next bare fence line,
 * as one block: the headings and steps after it silently become script text. That is a lint
 * error on the line of the opening fence, and the block is never run.
 */
import type { MdNode } from './markdown-tree.js';

const FENCE_LIKE = /^\s*(`{3,}|~{3,})(.*)$/;
// `##` and deeper: runbook sections; a single `#` line is more often a shell comment.
const HEADING_LIKE = /^\s{0,3}#{2,6}\s+\S/;
/**
 * Documentation blocks show fences inside them (often with the same backticks, which CommonMark cannot
 * nest); they are never run, so only a fence that runs to the end of its container matters there.
 */
const DOC_LANGS = new Set(['md', 'markdown', 'mdx', 'text', 'txt', 'plain', 'plaintext']);

/**
 * The error message for a fence that is not closed where a reader would think, or undefined.
 * `lines` are the lines of the parsed text; `firstLine` is the file line of lines[0]. `runs` says
 * whether the block would be run as written (an unlabelled block of prose is only shown).
 */
export function unclosedFenceMessage(node: MdNode, lang: string, runs: boolean, lines: string[], firstLine: number): string | undefined {
  const fence = node.token.markup;
  const open = node.line;
  const lastIndex = node.endLine - 1 - firstLine;
  const last = stripContainers(lines[lastIndex] ?? '').trim();
  const closed = node.endLine - 1 > open && isClosing(last, fence);
  const content = node.token.content;

  if (!closed) {
    const body = bodyLines(content);
    const atEnd = lines.slice(lastIndex + 1).every((l) => !l.trim());
    const end = node.endLine - 1;
    const where = atEnd ? `the end of the file (line ${end})` : `the end of the list item or quote it sits in (line ${end})`;
    const heading = swallowedHeading(body, open);
    return `code fence ${fence} opened on line ${open} is never closed, so everything up to ${where} is read as one block${including(heading)}; close it with a ${fence} line${heading ? ` before line ${heading.line}` : ''}`;
  }
  if (lang ? DOC_LANGS.has(lang.toLowerCase()) : !runs) return undefined;
  // a line that looks like a fence holds a run of three backticks or tildes; most blocks have none
  if (!content.includes('```') && !content.includes('~~~')) return undefined;
  const body = bodyLines(content);
  for (let i = 0; i < body.length; i++) {
    const m = FENCE_LIKE.exec(body[i]!);
    if (!m) continue;
    const run = m[1]!;
    const rest = m[2]!.trim();
    const line = open + 1 + i;
    const sameKind = run[0] === fence[0] && run.length >= fence.length;
    const why = !sameKind
      ? `only a line of at least ${fence.length} ${fence[0] === '`' ? 'backticks' : 'tildes'} closes it`
      : rest
        ? `a closing fence cannot have text after it ("${rest}")`
        : 'it is indented four or more spaces';
    const heading = swallowedHeading(body, open, i);
    return (
      `code fence ${fence} opened on line ${open} is never closed where it seems to be: line ${line} (${body[i]!.trim()}) does not close it, because ${why}, ` +
      `so lines ${open + 1}–${node.endLine - 2} are read as one block${including(heading)}; close it with a ${fence} line before line ${heading?.line ?? line}`
    );
  }
  return undefined;
}

function bodyLines(content: string): string[] {
  const body = content.split('\n');
  if (body[body.length - 1] === '') body.pop();
  return body;
}

function isClosing(line: string, fence: string): boolean {
  return /^(`{3,}|~{3,})$/.test(line) && line[0] === fence[0] && line.length >= fence.length;
}

/** The first heading that disappeared into the block, because that is what a reader misses. */
function swallowedHeading(body: string[], open: number, before = body.length): { text: string; line: number } | undefined {
  const i = body.slice(0, before).findIndex((l) => HEADING_LIKE.test(l));
  return i === -1 ? undefined : { text: body[i]!.trim(), line: open + 1 + i };
}

function including(h: { text: string; line: number } | undefined): string {
  return h ? `, including the heading "${h.text}" on line ${h.line}` : '';
}

/** Drop blockquote markers and indentation so a fence inside a list or quote can be read. */
export function stripContainers(line: string): string {
  return line.replace(/^(\s*>)*\s*/, '');
}
