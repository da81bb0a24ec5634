/**
 * Splitting text to fit a limit without losing any of it: prefer line breaks, then spaces,
 * then a hard cut. Code is split into several fenced blocks, each closed and reopened.
 */

export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be positive');
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut <= 0) cut = rest.lastIndexOf(' ', max);
    if (cut <= 0) cut = max;
    out.push(rest.slice(0, cut));
    // drop the separator we cut at, keep everything else
    rest = rest[cut] === '\n' || rest[cut] === ' ' ? rest.slice(cut + 1) : rest.slice(cut);
  }
  out.push(rest);
  return out;
}

/** A literal ``` inside code would end the fence early; a zero-width space keeps it inert. */
export function escapeFence(code: string): string {
  return code.replace(/```/g, '`\u200b``');
}

/** ```lang\ncode\n``` blocks, each at most `max` characters, together holding all of `code`. */
export function fencedBlocks(code: string, lang: string | undefined, max: number): string[] {
  const open = '```' + (lang && /^[\w+-]+$/.test(lang) ? lang : '') + '\n';
  const close = '\n```';
  const room = max - open.length - close.length;
  return splitText(escapeFence(code), room).map((chunk) => open + chunk + close);
}
