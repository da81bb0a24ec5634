/**
 * Markdown → a small block tree, parsed by markdown-it (CommonMark with GitHub's tables, HTML on,
 * as GitHub renders a runbook). markdown-it emits a flat token stream; nesting it here gives the
 * parser and the plain-text writer a tree to walk, with 1-based file lines on every node.
 */
import MarkdownIt, { type MarkdownIt as Md, type Token } from 'markdown-it';
import { installFastTokens } from './markdown-fast-tokens.js';
import { installPlainInline } from './markdown-plain-inline.js';

export interface MdNode {
  /** markdown-it's type without `_open`: paragraph, heading, bullet_list, ordered_list, list_item, blockquote, table, tr, th, td, fence, code_block, html_block, hr... */
  type: string;
  /** the opening token (or the only token, for leaves such as fence) */
  token: Token;
  /** 1-based file line of the node's first line */
  line: number;
  /** 1-based file line after the node's last line */
  endLine: number;
  /** the inline token of paragraphs, headings and table cells */
  inline?: Token;
  children: MdNode[];
}

let md: Md | undefined;
const parser = (): Md => md ?? (md = newParser());

function newParser(): Md {
  const m = new MarkdownIt({ html: true, linkify: false, typographer: false });
  installFastTokens(m);
  installPlainInline(m);
  return m;
}

/** `firstLine` is the file line of the text's first line (after front matter was cut off). */
export function parseMarkdownTree(text: string, firstLine: number): MdNode[] {
  const tokens = parser().parse(text, {});
  const root: MdNode[] = [];
  const stack: MdNode[] = [];
  const add = (node: MdNode): void => void (stack.length ? stack[stack.length - 1]!.children : root).push(node);
  for (const token of tokens) {
    if (token.nesting === -1) {
      stack.pop();
      continue;
    }
    if (token.type === 'inline') {
      const parent = stack[stack.length - 1];
      if (parent) parent.inline = token;
      continue;
    }
    const map = token.map ?? [0, 1];
    const node: MdNode = {
      type: token.nesting === 1 ? openType(token.type) : token.type,
      token,
      line: map[0] + firstLine,
      endLine: map[1] + firstLine,
      children: [],
    };
    add(node);
    if (token.nesting === 1) stack.push(node);
  }
  return root;
}

/** paragraph_open → paragraph; the few dozen token types are remembered, not re-matched per token. */
const openTypes = new Map<string, string>();
function openType(type: string): string {
  let t = openTypes.get(type);
  if (t === undefined) openTypes.set(type, (t = type.replace(/_open$/, '')));
  return t;
}

/** Every fenced or indented code node under (and including) `node`, in document order. */
export function codeNodes(node: MdNode, out: MdNode[] = []): MdNode[] {
  if (node.type === 'fence' || node.type === 'code_block') out.push(node);
  else for (const child of node.children) codeNodes(child, out);
  return out;
}

/** A fence's info string, unescaped as CommonMark says: the language, then the rest (the attributes). */
export function fenceInfo(node: MdNode): { lang: string; meta: string } {
  const info = parser().utils.unescapeAll(node.token.info).trim();
  const space = info.search(/\s/);
  return space === -1 ? { lang: info, meta: '' } : { lang: info.slice(0, space), meta: info.slice(space + 1).trim() };
}
