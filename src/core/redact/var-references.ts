/**
 * Shell references in text: `$NAME`, `${NAME...}` (any expansion, `${KEY:-default}` included),
 * `$(command)`, `` `command` `` and the special parameters (`$1`, `$@`, ...). A pattern that looks
 * for `key=value` or `user:password@` must never rewrite one: the runbook line shown in the channel
 * must be the line that runs, and `${STRIPE_SECRET_KEY:-missing}` is not a secret.
 */
export interface Span {
  start: number;
  end: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-]/y;

export function varReferences(text: string): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++; // an escaped `$` or backtick is literal text
      continue;
    }
    if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close !== -1 && (nl === -1 || close < nl)) {
        spans.push({ start: i, end: close + 1 });
        i = close;
      }
      continue;
    }
    if (c !== '$') continue;
    const next = text[i + 1];
    if (next === '{' || next === '(') {
      const end = matchingClose(text, i + 1);
      spans.push({ start: i, end });
      i = end - 1;
      continue;
    }
    NAME.lastIndex = i + 1;
    const m = NAME.exec(text);
    if (m) {
      spans.push({ start: i, end: i + 1 + m[0].length });
      i += m[0].length;
    }
  }
  return spans;
}

/**
 * End (exclusive) of the bracketed expression opening at `open`, nesting counted. `${...}` never
 * spans lines; an unclosed one ends at the line's end, so a stray `$(` in output cannot shield the
 * rest of the text from masking.
 */
function matchingClose(text: string, open: number): number {
  const opener = text[open]!;
  const closer = opener === '{' ? '}' : ')';
  const lineEnd = text.indexOf('\n', open) === -1 ? text.length : text.indexOf('\n', open);
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === '\n' && opener === '{') return j;
    if (ch === opener) depth++;
    else if (ch === closer && --depth === 0) return j + 1;
  }
  return lineEnd;
}

export function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => s.start < end && start < s.end);
}
