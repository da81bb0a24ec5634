import { describe, expect, it } from 'vitest';

import { renderBlocks, SLACK_LIMITS } from '../../../src/adapters/slack/render-blocks.js';
import type { Message, StepLine } from '../../../src/core/message.js';

type AnyBlock = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { type: string; text: unknown; action_id?: string; value?: string; style?: string }[] };

const allText = (parts: ReturnType<typeof renderBlocks>): string =>
  parts
    .flatMap((p) => p.blocks as AnyBlock[])
    .map((b) => [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : ''))].join('\n'))
    .join('\n');

function checkLimits(parts: ReturnType<typeof renderBlocks>): void {
  for (const p of parts) {
    expect(p.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(p.text.length).toBeGreaterThan(0);
    for (const b of p.blocks as AnyBlock[]) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
  }
}

describe('renderBlocks', () => {
  it('renders each core block as its Block Kit counterpart with a plain fallback text', () => {
    const [part, ...rest] = renderBlocks({
      blocks: [
        { type: 'header', text: 'Incident: Database connection failure' },
        { type: 'text', text: 'Requested by *alice*' },
        { type: 'fields', fields: [{ label: 'Severity', value: 'SEV-1' }, { label: 'Runbook', value: 'db' }] },
        { type: 'code', text: 'psql -c "SELECT 1"', lang: 'sh' },
        { type: 'steps', steps: [{ n: 1, title: 'Check connections', status: 'succeeded', code: 'pg_isready', detail: 'accepting connections' }, { n: 2, title: 'Restart', status: 'awaiting_approval' }] },
        { type: 'context', text: 'React with :white_check_mark: to approve' },
        { type: 'buttons', buttons: [{ id: 'approve', label: 'Approve', style: 'primary' }, { id: 'reject', label: 'Reject', style: 'danger' }] },
      ],
      approval: { id: 'apr_42', state: 'pending', step: 2 },
    });
    expect(rest).toEqual([]);
    expect(part!.text).toBe('Incident: Database connection failure');
    const blocks = part!.blocks as AnyBlock[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'section', 'context', 'actions']);
    expect(blocks[0]!.text).toEqual({ type: 'plain_text', text: 'Incident: Database connection failure', emoji: true });
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual(['*Severity*\nSEV-1', '*Runbook*\ndb']);
    expect(blocks[3]!.text!.text).toBe('```\npsql -c "SELECT 1"\n```');
    expect(blocks[4]!.text!.text).toBe('✅ *1. Check connections*  _succeeded_\n```\npg_isready\n```\n```\naccepting connections\n```');
    expect(blocks[5]!.text!.text).toBe('🔐 *2. Restart*  _awaiting approval_');
    expect(blocks[7]!.elements).toEqual([
      { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve', emoji: true }, value: 'apr_42', style: 'primary' },
      { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject', emoji: true }, value: 'apr_42', style: 'danger' },
    ]);
  });

  it('escapes output and user text so it cannot ping, mention or link', () => {
    const hostile = 'done <!channel> <@U123> <http://evil.example|click me> & <!subteam^S1>';
    const parts = renderBlocks({
      blocks: [
        { type: 'text', text: hostile },
        { type: 'code', text: hostile },
        { type: 'steps', steps: [{ n: 1, title: '<!here> step', status: 'failed', detail: hostile }] },
        { type: 'fields', fields: [{ label: '<@U9>', value: hostile }] },
        { type: 'context', text: hostile },
      ],
    });
    const text = allText(parts) + parts.map((p) => p.text).join('');
    expect(text).not.toMatch(/<[!@#h]/);
    expect(text).toContain('&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click me&gt; &amp; &lt;!subteam^S1&gt;');
    expect(parts[0]!.text).toBe('done &lt;!channel&gt; &lt;@U123&gt; &lt;http://evil.example|click me&gt; &amp; &lt;!subteam^S1&gt;');
  });

  it('splits a 120-step run over several messages within Slack limits, losing no step', () => {
    const steps: StepLine[] = Array.from({ length: 120 }, (_, i) => ({ n: i + 1, title: `Step number ${i + 1}`, status: i < 60 ? 'succeeded' : 'pending', code: `echo step-${i + 1}` }));
    const parts = renderBlocks({ blocks: [{ type: 'header', text: 'Big runbook' }, { type: 'steps', steps }] });
    expect(parts.length).toBeGreaterThanOrEqual(3);
    checkLimits(parts);
    const text = allText(parts);
    for (let n = 1; n <= 120; n++) expect(text).toContain(`*${n}. Step number ${n}*`);
    // in order, each exactly once
    const order = [...text.matchAll(/\*(\d+)\. Step number/g)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(parts[0]!.text).toBe(`Big runbook (part 1/${parts.length})`);
    expect(allText([parts[0]!])).toContain(`continued in the thread: part 1 of ${parts.length}`);
    expect(allText([parts[1]!])).toContain(`part 2 of ${parts.length}`);
  });

  it('splits long output across sections at line breaks, every line kept, fences intact', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1}: ${'x'.repeat(30)} <tag> & more`);
    const parts = renderBlocks({ blocks: [{ type: 'code', text: lines.join('\n') }] });
    checkLimits(parts);
    const sections = parts.flatMap((p) => p.blocks as AnyBlock[]).filter((b) => b.type === 'section');
    expect(sections.length).toBeGreaterThan(4);
    for (const s of sections) expect(s.text!.text).toMatch(/^```\n[\s\S]*\n```$/);
    const body = sections.map((s) => s.text!.text.slice(4, -4)).join('\n');
    expect(body).toBe(lines.join('\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('never cuts an escape entity in half when splitting', () => {
    const parts = renderBlocks({ blocks: [{ type: 'text', text: '<'.repeat(5000) }] });
    checkLimits(parts);
    for (const b of parts.flatMap((p) => p.blocks as AnyBlock[])) expect(b.text!.text).toMatch(/^(&lt;)+$/);
    expect(allText(parts).match(/&lt;/g)).toHaveLength(5000);
  });

  it('keeps a header longer than 150 characters whole as bold text', () => {
    const long = 'H'.repeat(200);
    const [part] = renderBlocks({ blocks: [{ type: 'header', text: long }] });
    expect(part!.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: `*${long}*` } }]);
  });

  it('puts more than 10 fields into several sections, and an oversized field into its own', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `k${i}`, value: `v${i}` }));
    fields.splice(5, 0, { label: 'big', value: 'y'.repeat(2500) });
    const parts = renderBlocks({ blocks: [{ type: 'fields', fields }] });
    checkLimits(parts);
    const text = allText(parts);
    for (const f of fields) expect(text).toContain(`*${f.label}*\n${f.value}`);
  });

  it('splits by size too: huge outputs never make one oversized message', () => {
    const steps: StepLine[] = Array.from({ length: 30 }, (_, i) => ({ n: i + 1, title: `s${i + 1}`, status: 'succeeded', detail: 'o'.repeat(2500) }));
    const parts = renderBlocks({ blocks: [{ type: 'steps', steps }] });
    checkLimits(parts);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(JSON.stringify(p.blocks).length).toBeLessThan(SLACK_LIMITS.charsPerMessage + 4000);
    expect(allText(parts).match(/o{2500}/g)).toHaveLength(30);
  });

  it('renders an empty message as one message with a fallback text', () => {
    const m: Message = { blocks: [] };
    expect(renderBlocks(m)).toEqual([{ text: 'opsbridge', blocks: [] }]);
  });
});
