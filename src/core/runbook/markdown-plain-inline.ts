/**
 * Most paragraphs, list items and headings of a runbook are plain words, words with inline code
 * ("Check logs: `pm2 logs app`"), or bold labels ("**Symptoms:** ..."): no other emphasis, link,
 * HTML, entity or escape. For those, markdown-it's inline parse (a state object, then twelve rules
 * tried at every stop character, then four post-passes) always ends in the same tokens: text,
 * code_inline for each code span, strong_open/strong_close around each bold run, and a softbreak or
 * hardbreak at each line end. This builds those tokens directly, following markdown-it's `text`,
 * `newline`, `backtick` and `emphasis` rules to the letter; any other content goes to markdown-it.
 * Bold is taken only in its simplest form (see simpleStrong); anything else with a * goes to markdown-it.
 *
 * Installed on one MarkdownIt instance, and only when its inline rules are markdown-it's defaults
 * with linkify off (a plugin or linkify could turn plain words into something else).
 */
import type { MarkdownIt as Md, Token } from 'markdown-it';
import { TokenClass } from './markdown-fast-tokens.js';

/**
 * Characters at which one of markdown-it's inline rules (other than text, newline and backtick) may
 * start. An & starts an entity only before # or a letter ("&amp;", "&#39;"); "Causes & Fixes" is text.
 */
const MARKUP = /[!*<[\\_~]|&[#A-Za-z]/;
/** The same without *: text that may hold bold runs. */
const MARKUP_BUT_STAR = /[!<[\\_~]|&[#A-Za-z]/;
const DEFAULT_RULES = 'text,linkify,newline,escape,backtick,strikethrough_tokenize,emphasis_tokenize,link,image,autolink,html_inline,entity';
const DEFAULT_POST = 'link_pairs,strikethrough_postProcess,emphasis_post_process,fragments_join';

/** Take over inline parsing of plain text on `md`; true if installed. */
export function installPlainInline(md: Md): boolean {
  // a bundler may rename a clashing function (text → text2): compare the names without the suffix
  const names = (fns: ((...a: never[]) => unknown)[]): string => fns.map((f) => f.name.replace(/\d+$/, '')).join();
  if (md.options.linkify || names(md.inline.ruler.getRules('')) !== DEFAULT_RULES || names(md.inline.ruler2.getRules('')) !== DEFAULT_POST) return false;
  const inline = md.inline;
  const parse = inline.parse;
  // markdown-it's own delimiter scan (it reads only src and posMax), so bold is opened and closed exactly where markdown-it would
  const scan = (inline.State.prototype as { scanDelims?: ScanDelims }).scanDelims;
  inline.parse = function (src, m, env, out) {
    if (m !== md) parse.call(this, src, m, env, out);
    else if (!MARKUP.test(src)) plainTokens(src, out);
    else if (scan && !MARKUP_BUT_STAR.test(src) && !src.includes('`') && simpleStrong(src, scan)) plainTokens(src, out);
    else parse.call(this, src, m, env, out);
  };
  return true;
}

type ScanDelims = (this: { src: string; posMax: number }, start: number, canSplitWord: boolean) => { can_open: boolean; can_close: boolean; length: number };

/**
 * True when every * in `src` is in a run of exactly two, and the runs alternate: one that can only
 * open, then one that can only close, and so on to a closing one. markdown-it pairs such runs in
 * order, each pair one strong (no nesting, no em, no rule-of-three cases), and that is what
 * plainTokens builds. Code spans are excluded by the caller (a * inside one is not a delimiter).
 */
function simpleStrong(src: string, scan: ScanDelims): boolean {
  const at = { src, posMax: src.length };
  let runs = 0;
  for (let pos = src.indexOf('*'); pos !== -1; pos = src.indexOf('*', pos + 2)) {
    const d = scan.call(at, pos, true);
    if (d.length !== 2) return false;
    if (runs % 2 === 0 ? !d.can_open || d.can_close : !d.can_close || d.can_open) return false;
    runs++;
  }
  return runs % 2 === 0;
}

/**
 * markdown-it's tokens for text without markup other than code spans and (when simpleStrong said so)
 * bold runs: text, code_inline, strong_open/strong_close, softbreak/hardbreak.
 */
export function plainTokens(src: string, out: Token[]): void {
  let pending = '';
  let pos = 0;
  const max = src.length;
  // where each ** run's two text tokens start, in order: opener, closer, opener, closer...
  let stars: number[] | undefined;
  // markdown-it's backtick rule: where the last run of each length of backticks starts, built only once
  // a search for a closing run failed (so that unmatched backticks cost one scan, as in markdown-it)
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
      // a code span when a run of exactly as many backticks follows; otherwise the backticks are text
      if (lastRuns === undefined || (lastRuns[length] ?? -1) >= end) {
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
        lastRuns ??= buildLastRuns(src);
      }
      pending += src.slice(pos, end);
      pos = end;
      continue;
    }
    if (ch === 42) {
      // markdown-it's emphasis rule: one text token per *, turned into strong_open/close after the parse
      if (pending) out.push(text(pending));
      pending = '';
      (stars ??= []).push(out.length);
      out.push(text('*'), text('*'));
      pos += 2;
      continue;
    }
    let next = pos + 1;
    while (next < max) {
      const c = src.charCodeAt(next);
      if (c === 10 || c === 96 || c === 42) break;
      next++;
    }
    pending += src.slice(pos, next);
    pos = next;
  }
  if (pending) out.push(text(pending));
  if (stars) {
    strongPairs(out, stars);
    fragmentsJoin(out);
  }
}

/** markdown-it's emphasis post-process for runs paired in order: the outer * of each run stays as empty text. */
function strongPairs(out: Token[], stars: number[]): void {
  for (let i = 0; i + 1 < stars.length; i += 2) {
    const open = stars[i]!;
    const close = stars[i + 1]!;
    out[open]!.content = '';
    mark(out[open + 1]!, 'strong_open', 1);
    mark(out[close]!, 'strong_close', -1);
    out[close + 1]!.content = '';
  }
}

function mark(token: Token, type: string, nesting: 1 | -1): void {
  token.type = type;
  token.tag = 'strong';
  token.nesting = nesting;
  token.markup = '**';
  token.content = '';
}

/** markdown-it's fragments_join: levels from nesting, and a text token merged into a text token after it. */
function fragmentsJoin(tokens: Token[]): void {
  let level = 0;
  let last = 0;
  let curr = 0;
  const max = tokens.length;
  for (; curr < max; curr++) {
    const t = tokens[curr]!;
    if (t.nesting < 0) level--;
    t.level = level;
    if (t.nesting > 0) level++;
    if (t.type === 'text' && curr + 1 < max && tokens[curr + 1]!.type === 'text') tokens[curr + 1]!.content = t.content + tokens[curr + 1]!.content;
    else {
      if (curr !== last) tokens[last] = t;
      last++;
    }
  }
  if (curr !== last) tokens.length = last;
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
