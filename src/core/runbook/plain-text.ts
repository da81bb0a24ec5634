/** Plain text of mdast nodes, keeping list structure readable ("- item", "1. step") for chat. */
import type { Nodes } from 'mdast';

export function inlineText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html' && node.type !== 'yaml') return node.value;
  if (node.type === 'break') return '\n';
  if ('children' in node) return (node.children as Nodes[]).map(inlineText).join('');
  return '';
}

/** Block-level plain text; code blocks are left out (they are steps, shown separately). */
export function blockText(node: Nodes, indent = ''): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return indent + inlineText(node).replace(/\n/g, '\n' + indent);
    case 'list': {
      let n = node.start ?? 1;
      return node.children
        .map((item) => {
          const bullet = node.ordered ? `${n++}. ` : '- ';
          const check = item.checked === true ? '[x] ' : item.checked === false ? '[ ] ' : '';
          const parts = item.children.map((c) => blockText(c, indent + ' '.repeat(bullet.length))).filter(Boolean);
          const first = (parts[0] ?? '').trimStart();
          return [indent + bullet + check + first, ...parts.slice(1)].join('\n');
        })
        .join('\n');
    }
    case 'blockquote':
      return node.children.map((c) => blockText(c, indent)).filter(Boolean).join('\n');
    case 'table':
      return node.children.map((row) => indent + row.children.map((cell) => inlineText(cell)).join(' | ')).join('\n');
    case 'code':
    case 'html':
    case 'yaml':
    case 'thematicBreak':
    case 'definition':
      return '';
    default:
      return 'children' in node ? (node.children as Nodes[]).map((c) => blockText(c, indent)).filter(Boolean).join('\n') : '';
  }
}
