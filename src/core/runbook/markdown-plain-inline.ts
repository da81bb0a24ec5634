/**
 * Most paragraphs, list items and headings of a runbook are plain words, or words with inline code
 * ("Check logs: `pm2 logs app`"): no emphasis, link, HTML, entity or escape. For those, markdown-it's
 * inline parse (a state object, then twelve rules tried at every stop character, then four
 * post-passes) always ends in the same tokens: text, code_inline for each code span, and a softbreak
 * or hardbreak at each line end. This builds those tokens directly, following markdown-it's `text`,
 * `newline` and `backtick` rules to the letter; any other content goes to markdown-it.
 *
 * Installed on one MarkdownIt instance, and only when its inline rules are markdown-it's defaults
 * with linkify off (a plugin or linkify could turn plain words into something else).
 */
import type { MarkdownIt as Md, Token } from 'markdown-it';
import { TokenClass } from './markdown-fast-tokens.js';

/** Characters at which one of markdown-it's inline rules (other than text, newline and backtick) may start. */
const MARKUP = /[!&*<[\\_~]/;
const DEFAULT_RULES = 'text,linkify,newline,escape,backtick,strikethrough_tokenize,emphasis_tokenize,link,image,autolink,html_inline,entity';
const DEFAULT_POST = 'link_pairs,strikethrough_postProcess,emphasis_post_process,fragments_join';

/** Take over inline parsing of plain text on `md`; true if installed. */
export function installPlainInline(md: Md): boolean {
  // a bundler may rename a clashing function (text → text2): compare the names without the suffix
  const names = (fns: ((...a: never[]) => unknown)[]): string => fns.map((f) => f.name.replace(/\d+$/, '')).join();
  if (md.options.linkify || names(md.inline.ruler.getRules('')) !== DEFAULT_RULES || names(md.inline.ruler2.getRules('')) !== DEFAULT_POST) return false;
  const inline = md.inline;
  const parse = inline.parse;
  inline.parse = function (src, m, env, out) {
    if (m !== md || MARKUP.test(src)) parse.call(this, src, m, env, out);
    else plainTokens(src, out);
  };
  return true;
}

/** markdown-it's tokens for text without markup other than code spans: text, code_inline, softbreak/hardbreak. */
export function plainTokens(src: string, out: Token[]): void {
  let pending = '';
  let pos = 0;
  const max = src.length;
  // markdown-it's backtick rule: where the last run of each length of backticks starts (built on the first backtick)
  let lastRuns: Record<number, number> | undefined;
  while (pos < max) {
    const ch = src.charCodeAt(pos);
    if (ch === 10) {
      // markdown-it's newline rule: two or more trailing spaces make a hard break, one is dropped
      let type = 'softbreak';
      const last = pending.length - 1;
      if (last >= 0 && pending.charCodeAt(last) === 32) {
        if (last >= 1 && pending.charCodeAt(last - 1) === 32) {
          let ws = last - 1;
          while (ws >= 1 && pending.charCodeAt(ws - 1) === 32) ws--;
          pending = pending.slice(0, ws);
          type = 'hardbreak';
        } else pending = pending.slice(0, -1);
      }
      if (pending) out.push(text(pending));
      pending = '';
      out.push(new TokenClass(type, 'br', 0));
      pos++;
      // leading spaces and tabs of the next line are not text
      while (pos < max && (src.charCodeAt(pos) === 32 || src.charCodeAt(pos) === 9)) pos++;
      continue;
    }
    if (ch === 96) {
      let end = pos + 1;
      while (end < max && src.charCodeAt(end) === 96) end++;
      const length = end - pos;
      lastRuns ??= buildLastRuns(src);
      // a code span when a run of exactly as many backticks follows; otherwise the backticks are text
      if ((lastRuns[length] ?? -1) >= end) {
        let matchEnd = end;
        let matchStart: number;
        let closed = false;
        while ((matchStart = src.indexOf('`', matchEnd)) !== -1) {
          matchEnd = matchStart + 1;
          while (src.charCodeAt(matchEnd) === 96) matchEnd++;
          if (matchEnd - matchStart === length) {
            if (pending) out.push(text(pending));
            pending = '';
            const token = new TokenClass('code_inline', 'code', 0);
            token.markup = src.slice(pos, end);
            let content = src.slice(end, matchStart).replace(/\n/g, ' ');
            if (content.startsWith(' ') && content.endsWith(' ') && /[^ ]/.test(content)) content = content.slice(1, -1);
            token.content = content;
            out.push(token);
            pos = matchEnd;
            closed = true;
            break;
          }
        }
        if (closed) continue;
      }
      pending += src.slice(pos, end);
      pos = end;
      continue;
    }
    let next = pos + 1;
    while (next < max && src.charCodeAt(next) !== 10 && src.charCodeAt(next) !== 96) next++;
    pending += src.slice(pos, next);
    pos = next;
  }
  if (pending) out.push(text(pending));
}

/** markdown-it's buildLastRuns: for each length of a run of backticks, where its last run starts. */
function buildLastRuns(src: string): Record<number, number> {
  const lastRuns: Record<number, number> = {};
  let pos = 0;
  while ((pos = src.indexOf('`', pos)) !== -1) {
    const start = pos;
    while (src.charCodeAt(++pos) === 96);
    lastRuns[pos - start] = start;
  }
  return lastRuns;
}

function text(content: string): Token {
  const token = new TokenClass('text', '', 0);
  token.content = content;
  return token;
}
