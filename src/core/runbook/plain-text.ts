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
    case 'heading':
      return indent + inlineText(node.inline).replace(/\n/g, '\n' + indent);
    case 'bullet_list':
    case 'ordered_list': {
      const ordered = node.type === 'ordered_list';
      let n = Number(node.token.attrGet('start') ?? 1);
      return node.children
        .map((item) => {
          const bullet = ordered ? `${n++}. ` : '- ';
          const parts = item.children.map((c) => blockText(c, indent + ' '.repeat(bullet.length))).filter(Boolean);
          const first = (parts[0] ?? '').trimStart();
          return [indent + bullet + first, ...parts.slice(1)].join('\n');
        })
        .join('\n');
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
