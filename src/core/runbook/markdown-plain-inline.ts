/**
 * Most paragraphs, list items and headings of a runbook are plain words: no emphasis, code, link,
 * HTML, entity or escape. For those, markdown-it's inline parse (a state object, then twelve rules
 * tried at every stop character, then four post-passes) always ends in the same tokens: one text
 * token per line, and a softbreak or hardbreak between lines. This builds those tokens directly,
 * following markdown-it's `newline` rule to the letter; any other content goes to markdown-it.
 *
 * Installed on one MarkdownIt instance, and only when its inline rules are markdown-it's defaults
 * with linkify off (a plugin or linkify could turn plain words into something else).
 */
import type { MarkdownIt as Md, Token } from 'markdown-it';
import { TokenClass } from './markdown-fast-tokens.js';

/** Characters at which one of markdown-it's inline rules (other than text and newline) may start. */
const MARKUP = /[!&*<[\\_`~]/;
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

/** markdown-it's tokens for text without markup: text, then softbreak/hardbreak at each newline. */
export function plainTokens(src: string, out: Token[]): void {
  let pending = '';
  let pos = 0;
  const max = src.length;
  while (pos < max) {
    const nl = src.indexOf('\n', pos);
    if (nl === -1) {
      pending += src.slice(pos);
      break;
    }
    pending += src.slice(pos, nl);
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
    pos = nl + 1;
    // leading spaces and tabs of the next line are not text
    while (pos < max && (src.charCodeAt(pos) === 32 || src.charCodeAt(pos) === 9)) pos++;
  }
  if (pending) out.push(text(pending));
}

function text(content: string): Token {
  const token = new TokenClass('text', '', 0);
  token.content = content;
  return token;
}
