/** Plain text of markdown nodes, keeping list structure readable ("- item", "1. step") for chat. */
import type { Token } from 'markdown-it';
import type { MdNode } from './markdown-tree.js';

/** Text of inline tokens (or of an inline token's children); HTML and images are left out. */
export function inlineText(tokens: Token[] | Token | undefined): string {
  if (!tokens) return '';
  const list = Array.isArray(tokens) ? tokens : (tokens.children ?? []);
  let out = '';
  for (const t of list) {
    if (t.type === 'text' || t.type === 'code_inline' || t.type === 'text_special') out += t.content;
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n';
  }
  return out;
}

/** Block-level plain text; code blocks are left out (they are steps, shown separately). */
export function blockText(node: MdNode, indent = ''): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading': {
      const text = inlineText(node.inline);
      return indent && text.includes('\n') ? indent + text.replace(/\n/g, '\n' + indent) : indent + text;
    }
    case 'bullet_list':
    case 'ordered_list': {
      // "- first line of the item" then its other blocks, indented under the bullet
      const ordered = node.type === 'ordered_list';
      let n = ordered ? Number(node.token.attrGet('start') ?? 1) : 1;
      let out = '';
      for (let i = 0; i < node.children.length; i++) {
        const bullet = ordered ? `${n++}. ` : '- ';
        const inner = indent + ' '.repeat(bullet.length);
        let item = indent + bullet;
        let first = true;
        for (const c of node.children[i]!.children) {
          const part = blockText(c, inner);
          if (!part) continue;
          item += first ? part.trimStart() : '\n' + part;
          first = false;
        }
        out += i === 0 ? item : '\n' + item;
      }
      return out;
    }
    case 'blockquote':
      return node.children.map((c) => blockText(c, indent)).filter(Boolean).join('\n');
    case 'table':
      return tableRows(node)
        .map((row) => indent + row.children.map((cell) => inlineText(cell.inline)).join(' | '))
        .join('\n');
    case 'fence':
    case 'code_block':
    case 'html_block':
    case 'hr':
      return '';
    default:
      return node.children.map((c) => blockText(c, indent)).filter(Boolean).join('\n');
  }
}

function tableRows(node: MdNode): MdNode[] {
  return node.type === 'tr' ? [node] : node.children.flatMap(tableRows);
}
