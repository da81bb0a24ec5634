/**
 * Markdown runbook → Runbook model. Never throws: every defect of the input becomes a `problems`
 * entry with its line, and the runbook keeps whatever could be read.
 *
 * Sections come from headings at any level, and also from the bold-label style of runbooks
 * written without opsbridge in mind ("**Diagnosis:**" as a paragraph inside "### 1. App Won't Start").
 * Only fenced code blocks are steps; inline code in a checklist is text.
 */
import { type Token } from 'markdown-it';
import path from 'node:path';
import { classifyBlock, type ClassifyOptions } from './classify.js';
import { decodeInput } from './decode-input.js';
import { parseFenceAttrs } from './fence-attrs.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';
import { codeNodes, fenceInfo, parseMarkdownTree, type MdNode } from './markdown-tree.js';
import type { Block, Problem, Runbook, Section } from './model.js';
import { blockText, inlineText } from './plain-text.js';
import { sectionKind } from './section-kind.js';
import { splitFrontMatter } from './split-front-matter.js';
import { unclosedFenceMessage } from './unclosed-fence.js';

/** A bold label names a section only when it is short, like "Diagnosis:" or "Common Causes & Fixes:". */
const MAX_LABEL_LENGTH = 40;

export interface ParseOptions {
  /** directories a path computed at run time may point into (config exec.readDirs; default /var/log) */
  readDirs?: string[];
}

export function parseRunbook(input: string | Uint8Array, file: string, opts: ParseOptions = {}): Runbook {
  const runbook: Runbook = { file, id: idFromFile(file), title: '', aliases: [], params: {}, sections: [], blocks: [], problems: [] };
  try {
    parseInto(runbook, input, opts);
  } catch (e) {
    runbook.problems.push({ line: 1, severity: 'error', message: `could not parse the runbook: ${(e as Error).message}` });
  }
  if (!runbook.title) runbook.title = runbook.id;
  runbook.problems.sort((a, b) => a.line - b.line);
  return runbook;
}

export function idFromFile(file: string): string {
  const base = path.basename(file).replace(/\.(md|markdown)$/i, '');
  return base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '') || 'runbook';
}

function parseInto(runbook: Runbook, input: string | Uint8Array, opts: ParseOptions): void {
  const decoded = decodeInput(input);
  runbook.problems.push(...decoded.problems);
  const text = decoded.text;
  if (text === undefined) return;
  const split = splitFrontMatter(text);
  let fm: FrontMatter = { aliases: [], params: {} };
  if (split.yaml !== undefined) {
    const read = readFrontMatter(split.yaml, 2);
    fm = read.fm;
    runbook.problems.push(...read.problems);
  } else if (split.unclosed) {
    runbook.problems.push({ line: 1, severity: 'error', message: 'front matter opened with --- on line 1 is never closed with a --- line' });
  }
  // markdown-it's line maps count from the text it was given: the body's lines, offset by bodyLine.
  const tree = parseMarkdownTree(split.body, split.bodyLine);
  const lines = splitLines(split.body);
  if (fm.id) runbook.id = fm.id;
  runbook.aliases = fm.aliases;
  runbook.params = fm.params;
  if (fm.severity !== undefined) runbook.severity = fm.severity;
  if (fm.approval) runbook.approval = fm.approval;
  if (fm.lock) runbook.lock = fm.lock;
  if (fm.alerts) runbook.alerts = fm.alerts;
  runbook.title = fm.title ?? '';

  const classifyOpts: ClassifyOptions = { params: Object.keys(fm.params), ...(opts.readDirs ? { readDirs: opts.readDirs } : {}) };
  let section: Section | undefined;
  let heading: string | undefined;
  const texts = new Map<Section, string[]>();
  const open = (s: Section): Section => {
    runbook.sections.push(s);
    texts.set(s, []);
    return s;
  };
  const current = (): Section => section ?? (section = open({ kind: 'other', title: '', line: 1, text: '', blocks: [] }));

  for (const node of tree) {
    const line = node.line;
    if (node.type === 'heading') {
      const title = inlineText(node.inline).trim();
      if (node.token.tag === 'h1' && !runbook.title) runbook.title = title;
      heading = title;
      section = open({ kind: sectionKind(title), title, line, text: '', blocks: [] });
      continue;
    }
    // only a paragraph with bold text can hold a bold label
    if (node.type === 'paragraph' && hasStrong(node)) {
      const segments = labelSegments(node);
      if (segments.some((seg) => seg.label)) {
        for (const seg of segments) {
          if (seg.label) {
            section = open({ kind: seg.label.kind, title: seg.label.title, line: seg.line, text: '', blocks: [], ...(heading ? { parent: heading } : {}) });
          }
          if (seg.text) texts.get(current())!.push(seg.text);
        }
        continue;
      }
    }
    const s = current();
    const t = blockText(node);
    if (t.trim()) texts.get(s)!.push(t);
    for (const code of codeNodes(node)) {
      const block = makeBlock(code, s, lines, split.bodyLine, classifyOpts, runbook.problems);
      if (block) {
        s.blocks.push(block);
        runbook.blocks.push(block);
      }
    }
  }
  for (const [s, parts] of texts) s.text = parts.join('\n\n').trim();
  // A preamble with nothing in it is noise.
  runbook.sections = runbook.sections.filter((s) => s.title || s.text || s.blocks.length);
}

/** The file's lines as markdown-it counts them (it reads \r\n and a lone \r as line ends too). */
function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n?|\n/) : text.split('\n');
}

function hasStrong(p: MdNode): boolean {
  for (const t of p.inline?.children ?? []) if (t.type === 'strong_open') return true;
  return false;
}

interface Segment {
  label?: { title: string; kind: Section['kind'] };
  line: number;
  text: string;
}

/**
 * Split a paragraph at bold labels that start a line ("**Symptoms:** ...\n**Diagnosis:**"): authors
 * often write consecutive labels without a blank line, which markdown joins into one paragraph.
 */
function labelSegments(p: MdNode): Segment[] {
  const segments: Segment[] = [{ line: p.line, text: '' }];
  // markdown-it leaves empty text tokens around emphasis; they only get in the way of "at line start".
  const children = (p.inline?.children ?? []).filter((t) => !(t.type === 'text' && t.content === ''));
  let line = p.line;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    const prev = children[i - 1];
    const atLineStart = i === 0 || prev?.type === 'softbreak' || prev?.type === 'hardbreak';
    if (child.type === 'strong_open' && atLineStart) {
      const close = matchingClose(children, i);
      const raw = inlineText(children.slice(i + 1, close)).trim();
      const next = children[close + 1];
      const colonAfter = next?.type === 'text' && next.content.startsWith(':');
      const title = raw.replace(/:$/, '').trim();
      const kind = sectionKind(title);
      if (title && title.length <= MAX_LABEL_LENGTH && (raw.endsWith(':') || colonAfter) && kind !== 'other') {
        segments.push({ label: { title, kind }, line, text: '' });
        i = close;
        if (colonAfter && next) {
          segments[segments.length - 1]!.text = next.content.slice(1);
          i++;
        }
        continue;
      }
    }
    if (child.type === 'softbreak' || child.type === 'hardbreak') {
      line++;
      segments[segments.length - 1]!.text += '\n';
    } else if (child.type === 'text' || child.type === 'code_inline' || child.type === 'text_special') segments[segments.length - 1]!.text += child.content;
  }
  // the text as inlineText writes it; the segments are this function's own, so they are trimmed in place
  for (const seg of segments) seg.text = seg.text.trim();
  return segments.filter((seg) => seg.label || seg.text);
}

/** Index of the strong_close that ends the strong_open at `open` (strong can nest through other marks). */
function matchingClose(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.type === 'strong_open') depth++;
    else if (tokens[i]!.type === 'strong_close' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

function makeBlock(code: MdNode, section: Section, lines: string[], firstLine: number, classifyOpts: ClassifyOptions, problems: Problem[]): Block | undefined {
  if (code.type !== 'fence') return undefined; // an indented code block: text, not a step
  const line = code.line;
  const { lang, meta } = fenceInfo(code);
  const source = code.token.content.replace(/\n$/, '');
  const { attrs, problems: attrProblems } = parseFenceAttrs(meta, line);
  problems.push(...attrProblems);
  const block: Block = { line, lang, source, attrs, section: section.title, sectionKind: section.kind, safety: 'manual', reasons: [] };

  const c = classifyBlock(source, lang, classifyOpts);
  const unclosed = unclosedFenceMessage(code, lang, c.safety !== 'manual', lines, firstLine);
  if (unclosed) {
    problems.push({ line, severity: 'error', message: unclosed });
    block.reasons = ['the code fence is never closed, so the block may hold text that is not a script'];
    return block;
  }
  for (const w of c.warnings ?? []) problems.push({ line, severity: 'warning', message: w });
  // a block that runs differently from how it reads would mislead the reviewer who approves it
  for (const m of c.misleading ?? []) problems.push({ line, severity: 'error', message: `the block reads differently from how it runs: ${m}` });
  if (attrs.manual) {
    block.safety = 'manual';
    block.reasons = ['marked {manual} by the author: shown, never run'];
  } else if (attrs.safe) {
    block.safety = c.safety;
    if (c.safety === 'safe') block.reasons = ['marked {safe} by the author, and the classifier agrees', ...c.reasons];
    else {
      block.reasons = c.reasons;
      problems.push({ line, severity: 'error', message: `block is marked {safe} but the classifier says ${c.safety}: ${c.reasons.join('; ')}` });
    }
  } else if (attrs.approve) {
    block.safety = c.safety === 'manual' ? 'manual' : 'approve';
    block.reasons = c.safety === 'manual' ? c.reasons : ['marked {approve} by the author: always needs approval', ...c.reasons];
    if (c.safety === 'manual') problems.push({ line, severity: 'warning', message: `block is marked {approve} but cannot run as written: ${c.reasons.join('; ')}` });
  } else {
    block.safety = c.safety;
    block.reasons = c.reasons;
  }
  return block;
}
