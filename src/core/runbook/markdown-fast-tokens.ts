/**
 * markdown-it 15's published build sets every class field through a generic `_defineProperty`
 * helper (TypeScript class fields, down-levelled), and it makes a Token (13 fields) for every block
 * and inline piece and an inline state (18 fields) for every paragraph: that helper alone was a
 * third of the time to parse a runbook. These stand-ins build the same objects — same prototype,
 * same own properties in the same order, same values — with plain assignments.
 *
 * They are installed on one MarkdownIt instance (its `block.State` and `inline.State`), never on
 * markdown-it's shared classes, and only after checking that they build exactly what markdown-it
 * builds: a markdown-it release that adds or reorders a field keeps its own constructors.
 */
import MarkdownIt, { type Env, type MarkdownIt as Md, type StateInline, type Token } from 'markdown-it';

type Nesting = Token['nesting'];
type TokenCtor = new (type: string, tag: string, nesting: Nesting) => Token;

/** markdown-it's own Token, for its prototype (attrGet, attrSet... and `instanceof`). */
const StockToken = MarkdownIt.Token;

const FastToken = function (this: Token, type: string, tag: string, nesting: Nesting) {
  // the order of markdown-it's constructor: its class fields first, then the arguments
  this.map = null;
  this.level = 0;
  this.children = null;
  this.content = '';
  this.markup = '';
  this.info = '';
  this.block = false;
  this.hidden = false;
  this.type = type;
  this.tag = tag;
  this.attrs = null;
  this.nesting = nesting;
  this.meta = null;
} as unknown as TokenCtor;
FastToken.prototype = StockToken.prototype;

const fastTokenOk = ((): boolean => {
  const token = new FastToken('p', 'q', 1);
  return Object.getPrototypeOf(token) === StockToken.prototype && sameFields(new StockToken('p', 'q', 1), token);
})();

/** The Token constructor to build markdown-it tokens with: the fast one when it builds what markdown-it's builds. */
export const TokenClass: TokenCtor = fastTokenOk ? FastToken : StockToken;

class FastStateBlock extends MarkdownIt.StateBlock {
  // markdown-it's StateBlock.push, with the fast Token
  override push(type: string, tag: string, nesting: Nesting): Token {
    const token = new FastToken(type, tag, nesting);
    token.block = true;
    if (nesting < 0) this.level--;
    token.level = this.level;
    if (nesting > 0) this.level++;
    this.tokens.push(token);
    return token;
  }
}

type InlineCtor = new (src: string, md: Md, env: Env, outTokens: Token[]) => StateInline;

/** markdown-it's StateInline constructor, assignment for assignment (one is made per paragraph). */
const FastStateInline = function (this: StateInline, src: string, md: Md, env: Env, outTokens: Token[]) {
  this.pos = 0;
  this.level = 0;
  this.pending = '';
  this.pendingLevel = 0;
  this.cache = {};
  this.backticks = {};
  this.backticksScanned = false;
  this.skipHtmlSpecial = false;
  this.linkLevel = 0;
  this.delimiters = [];
  this._prev_delimiters = [];
  this.Token = StockToken;
  this.src = src;
  this.env = env;
  this.md = md;
  this.tokens = outTokens;
  this.tokens_meta = Array(outTokens.length);
  this.posMax = this.src.length;
} as unknown as InlineCtor;

const inlineProto = Object.create(MarkdownIt.StateInline.prototype) as StateInline;
// markdown-it's StateInline.pushPending and push, with the fast Token
inlineProto.pushPending = function (this: StateInline): Token {
  const token = new FastToken('text', '', 0);
  token.content = this.pending;
  token.level = this.pendingLevel;
  this.tokens.push(token);
  this.pending = '';
  return token;
};
inlineProto.push = function (this: StateInline, type: string, tag: string, nesting: Nesting): Token {
  if (this.pending) this.pushPending();
  const token = new FastToken(type, tag, nesting);
  let meta: StateInline['tokens_meta'][number];
  if (nesting < 0) {
    this.level--;
    this.delimiters = this._prev_delimiters.pop()!;
  }
  token.level = this.level;
  if (nesting > 0) {
    this.level++;
    this._prev_delimiters.push(this.delimiters);
    this.delimiters = [];
    meta = { delimiters: this.delimiters };
  }
  this.pendingLevel = this.level;
  this.tokens.push(token);
  this.tokens_meta.push(meta);
  return token;
};
(FastStateInline as unknown as { prototype: StateInline }).prototype = inlineProto;

/** Use the fast constructors on `md` when they build what markdown-it's own build; true if installed. */
export function installFastTokens(md: Md): boolean {
  if (!fastTokenOk) return false;
  const state = new FastStateInline('x', md, {}, []);
  if (Object.getPrototypeOf(inlineProto) !== MarkdownIt.StateInline.prototype || !sameFields(new MarkdownIt.StateInline('x', md, {}, []), state)) return false;
  md.block.State = FastStateBlock;
  md.inline.State = FastStateInline as unknown as typeof MarkdownIt.StateInline;
  return true;
}

/** The same own properties, in the same order, with equal values. */
function sameFields(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join() !== kb.join()) return false;
  const va = a as Record<string, unknown>;
  const vb = b as Record<string, unknown>;
  return ka.every((k) => va[k] === vb[k] || (typeof va[k] === 'object' && JSON.stringify(va[k]) === JSON.stringify(vb[k])));
}
