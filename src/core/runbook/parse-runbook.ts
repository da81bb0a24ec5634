/**
 * Markdown runbook → Runbook model. Never throws: every defect of the input becomes a `problems`
 * entry with its line, and the runbook keeps whatever could be read.
 *
 * Sections come from headings at any level, and also from the bold-label style of runbooks
 * written without opsbridge in mind ("**Diagnosis:**" as a paragraph inside "### 1. App Won't Start").
 * Only fenced code blocks are steps; inline code in a checklist is text.
 */
import type { Code, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { frontmatter } from 'micromark-extension-frontmatter';
import path from 'node:path';
import { classifyBlock } from './classify.js';
import { decodeInput } from './decode-input.js';
import { parseFenceAttrs } from './fence-attrs.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';
import type { Block, Problem, Runbook, Section } from './model.js';
import { blockText, inlineText } from './plain-text.js';
import { sectionKind } from './section-kind.js';

const MARKDOWN_OPTIONS = {
  extensions: [frontmatter(['yaml'])],
  mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
};
/** A bold label names a section only when it is short, like "Diagnosis:" or "Common Causes & Fixes:". */
const MAX_LABEL_LENGTH = 40;

export function parseRunbook(input: string | Uint8Array, file: string): Runbook {
  const runbook: Runbook = { file, id: idFromFile(file), title: '', aliases: [], params: {}, sections: [], blocks: [], problems: [] };
  try {
    parseInto(runbook, input);
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

function parseInto(runbook: Runbook, input: string | Uint8Array): void {
  const decoded = decodeInput(input);
  runbook.problems.push(...decoded.problems);
  const text = decoded.text;
  if (text === undefined) return;
  const tree: Root = fromMarkdown(text, MARKDOWN_OPTIONS);
  const lines = text.split(/\r?\n/);

  let fm: FrontMatter = { aliases: [], params: {} };
  const first = tree.children[0];
  if (first?.type === 'yaml') {
    const read = readFrontMatter(first.value, 2);
    fm = read.fm;
    runbook.problems.push(...read.problems);
  } else if (/^---\s*$/.test(lines[0] ?? '')) {
    runbook.problems.push({ line: 1, severity: 'error', message: 'front matter opened with --- on line 1 is never closed with a --- line' });
  }
  if (fm.id) runbook.id = fm.id;
  runbook.aliases = fm.aliases;
  runbook.params = fm.params;
  if (fm.severity !== undefined) runbook.severity = fm.severity;
  if (fm.approval) runbook.approval = fm.approval;
  if (fm.alerts) runbook.alerts = fm.alerts;
  runbook.title = fm.title ?? '';

  const params = Object.keys(fm.params);
  let section: Section | undefined;
  let heading: string | undefined;
  const texts = new Map<Section, string[]>();
  const open = (s: Section): Section => {
    runbook.sections.push(s);
    texts.set(s, []);
    return s;
  };
  const current = (): Section => section ?? (section = open({ kind: 'other', title: '', line: 1, text: '', blocks: [] }));

  for (const node of tree.children) {
    if (node.type === 'yaml') continue;
    const line = node.position?.start.line ?? 1;
    if (node.type === 'heading') {
      const title = inlineText(node).trim();
      if (node.depth === 1 && !runbook.title) runbook.title = title;
      heading = title;
      section = open({ kind: sectionKind(title), title, line, text: '', blocks: [] });
      continue;
    }
    if (node.type === 'paragraph') {
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
    const t = blockText(node as Nodes);
    if (t.trim()) texts.get(s)!.push(t);
    for (const code of codeNodes(node)) {
      const block = makeBlock(code, s, lines, params, runbook.problems);
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

interface Segment {
  label?: { title: string; kind: Section['kind'] };
  line: number;
  text: string;
}

/**
 * Split a paragraph at bold labels that start a line ("**Symptoms:** ...\n**Diagnosis:**"): authors
 * often write consecutive labels without a blank line, which markdown joins into one paragraph.
 */
function labelSegments(p: Paragraph): Segment[] {
  const segments: Segment[] = [{ line: p.position?.start.line ?? 1, text: '' }];
  const children = p.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    const prev = children[i - 1];
    const atLineStart = i === 0 || (prev?.type === 'text' && prev.value.endsWith('\n')) || prev?.type === 'break';
    if (child.type === 'strong' && atLineStart) {
      const raw = inlineText(child).trim();
      const next = children[i + 1];
      const colonAfter = next?.type === 'text' && next.value.startsWith(':');
      const title = raw.replace(/:$/, '').trim();
      const kind = sectionKind(title);
      if (title && title.length <= MAX_LABEL_LENGTH && (raw.endsWith(':') || colonAfter) && kind !== 'other') {
        segments.push({ label: { title, kind }, line: child.position?.start.line ?? segments[0]!.line, text: '' });
        if (colonAfter && next.type === 'text') {
          segments[segments.length - 1]!.text = next.value.slice(1);
          i++;
        }
        continue;
      }
    }
    segments[segments.length - 1]!.text += inlineText(child);
  }
  return segments.map((seg) => ({ ...seg, text: seg.text.trim() })).filter((seg) => seg.label || seg.text);
}

function codeNodes(node: RootContent): Code[] {
  if (node.type === 'code') return [node];
  if (!('children' in node)) return [];
  return (node.children as RootContent[]).flatMap(codeNodes);
}

function makeBlock(code: Code, section: Section, lines: string[], params: string[], problems: Problem[]): Block | undefined {
  const line = code.position?.start.line ?? 1;
  const opening = stripContainers(lines[line - 1] ?? '');
  const fence = /^(`{3,}|~{3,})/.exec(opening)?.[1];
  if (!fence) return undefined; // an indented code block: text, not a step
  const lang = (code.lang ?? '').trim();
  const { attrs, problems: attrProblems } = parseFenceAttrs(code.meta, line);
  problems.push(...attrProblems);
  const block: Block = { line, lang, source: code.value, attrs, section: section.title, sectionKind: section.kind, safety: 'manual', reasons: [] };

  const endLine = code.position?.end.line ?? line;
  const closing = stripContainers(lines[endLine - 1] ?? '').trim();
  const closed = endLine > line && closing.startsWith(fence[0]!) && /^(`{3,}|~{3,})$/.test(closing) && closing.length >= fence.length;
  if (!closed) {
    problems.push({ line, severity: 'error', message: `code fence ${fence} opened on line ${line} is never closed; it runs to the end of its container (line ${endLine})` });
    block.reasons = ['the code fence is never closed, so the block may hold text that is not a script'];
    return block;
  }

  const c = classifyBlock(code.value, lang, { params });
  for (const w of c.warnings ?? []) problems.push({ line, severity: 'warning', message: w });
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

/** Drop blockquote markers and indentation so a fence inside a list or quote can be read. */
function stripContainers(line: string): string {
  return line.replace(/^(\s*>)*\s*/, '');
}
