/**
 * Cuts a leading YAML front matter block (`---` on line 1 up to the next `---` line) off the
 * markdown, so the markdown parser never sees it; `bodyLine` says where the rest starts in the file.
 */
export interface SplitFrontMatter {
  /** the YAML between the fences; undefined when there is no front matter */
  yaml: string | undefined;
  /** true when line 1 is `---` and no closing `---` line follows */
  unclosed: boolean;
  body: string;
  /** 1-based file line of the body's first line */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

export function splitFrontMatter(text: string): SplitFrontMatter {
  const firstEnd = lineEnd(text, 0);
  if (!FENCE.test(text.slice(0, firstEnd.end))) return { yaml: undefined, unclosed: false, body: text, bodyLine: 1 };
  let start = firstEnd.next;
  let line = 2;
  while (start <= text.length) {
    const { end, next } = lineEnd(text, start);
    if (FENCE.test(text.slice(start, end))) {
      return { yaml: text.slice(firstEnd.next, start), unclosed: false, body: text.slice(next), bodyLine: line + 1 };
    }
    if (next > text.length) break;
    start = next;
    line++;
  }
  return { yaml: undefined, unclosed: true, body: text, bodyLine: 1 };
}

/** End of the line starting at `start` (without its \r\n or \n) and where the next line starts (> length at the end). */
function lineEnd(text: string, start: number): { end: number; next: number } {
  const nl = text.indexOf('\n', start);
  if (nl === -1) return { end: text.length, next: text.length + 1 };
  return { end: nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, next: nl + 1 };
}
