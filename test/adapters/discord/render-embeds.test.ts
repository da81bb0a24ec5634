import { describe, expect, it } from 'vitest';

import { DISCORD_LIMITS as L, embedSize, renderMessage, renderText } from '../../../src/adapters/discord/render-embeds.js';
import { msg, type Message } from '../../../src/core/message.js';

const allText = (m: ReturnType<typeof renderMessage>) => JSON.stringify(m.map((p) => p.embeds));

function withinLimits(payloads: ReturnType<typeof renderMessage>) {
  for (const p of payloads) {
    expect(p.embeds.length).toBeLessThanOrEqual(L.embedsPerMessage);
    expect(p.embeds.reduce((n, e) => n + embedSize(e), 0)).toBeLessThanOrEqual(L.totalPerMessage);
    expect(p.allowed_mentions).toEqual({ parse: [] });
    for (const e of p.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(L.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(L.description);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(L.fields);
      for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
  }
}

describe('renderMessage', () => {
  it('maps header, text, fields, code, steps and context to one embed', () => {
    const [p, ...more] = renderMessage({
      blocks: [
        msg.header('Incident: db'),
        msg.text('Database connection failure'),
        msg.code('SELECT 1;', 'sql'),
        msg.steps([{ n: 1, title: 'check', status: 'succeeded', code: 'psql -c "SELECT 1"', detail: '1 row' }]),
        msg.fields([{ label: 'Severity', value: 'SEV-1' }, { label: 'Runbook', value: 'a long explanation that is certainly more than forty characters' }]),
        msg.context('requested by alice'),
      ],
    });
    expect(more).toEqual([]);
    expect(p!.embeds).toHaveLength(1);
    const e = p!.embeds[0]!;
    expect(e.title).toBe('Incident: db');
    expect(e.description).toBe('Database connection failure\n```sql\nSELECT 1;\n```\n✅ **1. check** · succeeded\n```sh\npsql -c "SELECT 1"\n```\n```\n1 row\n```');
    expect(e.fields).toEqual([
      { name: 'Severity', value: 'SEV-1', inline: true },
      { name: 'Runbook', value: 'a long explanation that is certainly more than forty characters', inline: false },
    ]);
    expect(e.footer).toEqual({ text: 'requested by alice' });
    expect(e.color).toBe(0x23a55a); // all steps succeeded
  });

  it('renders Approve as a green (Success) button and Reject as a red (Danger) one on the first message', () => {
    const payloads = renderMessage({ blocks: [msg.text('x'.repeat(5000)), msg.buttons([{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }, { id: 'cancel', label: 'Cancel' }])] });
    expect(payloads[0]!.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, custom_id: 'approve', label: 'Approve', style: 3 },
          { type: 2, custom_id: 'reject', label: 'Reject', style: 4 },
          { type: 2, custom_id: 'cancel', label: 'Cancel', style: 2 },
        ],
      },
    ]);
  });

  it('splits a 30 KB output into messages within every limit, keeping all of it', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `line ${String(i).padStart(4, '0')} ${'·'.repeat(40)}`);
    const big: Message = { blocks: [msg.header('Output'), msg.code(lines.join('\n'))] };
    const payloads = renderMessage(big);
    expect(payloads.length).toBeGreaterThan(1);
    withinLimits(payloads);
    const text = allText(payloads);
    for (const l of lines) expect(text).toContain(l);
  });

  it('splits more than 25 fields and over-long field values without dropping any', () => {
    const fields = Array.from({ length: 40 }, (_, i) => ({ label: `f${i}`, value: i === 7 ? 'q'.repeat(2500) : `value ${i}` }));
    const payloads = renderMessage({ blocks: [msg.fields(fields)] });
    withinLimits(payloads);
    const out = payloads.flatMap((p) => p.embeds.flatMap((e) => e.fields ?? []));
    expect(out.filter((f) => f.name.startsWith('f')).map((f) => f.name)).toEqual(fields.map((f) => f.label));
    expect(out.map((f) => f.value).join('').split('q').length - 1).toBe(2500);
  });

  it('splits a long header into title plus description, and long text at line breaks', () => {
    const header = 'word '.repeat(80).trim(); // 399 chars
    const payloads = renderMessage({ blocks: [msg.header(header), msg.text(Array.from({ length: 300 }, (_, i) => `paragraph ${i} ${'z'.repeat(30)}`).join('\n'))] });
    withinLimits(payloads);
    const e = payloads[0]!.embeds[0]!;
    expect(e.title!.length).toBeLessThanOrEqual(256);
    expect((e.title + ' ' + e.description).startsWith(header)).toBe(true);
    expect(allText(payloads)).toContain('paragraph 299');
  });

  it('keeps ``` inside code from closing the fence early', () => {
    const [p] = renderMessage({ blocks: [msg.code('echo ```; rm -rf /', 'sh')] });
    expect(p!.embeds[0]!.description).toBe('```sh\necho `\u200b``; rm -rf /\n```');
  });

  it('gives an empty message content so Discord accepts it', () => {
    expect(renderMessage({ blocks: [] })[0]).toMatchObject({ content: '\u200b', embeds: [] });
  });
});

describe('renderText', () => {
  it('splits notices over 2,000 characters into several contents', () => {
    const parts = renderText('a'.repeat(4500));
    expect(parts.map((p) => p.content!.length)).toEqual([2000, 2000, 500]);
    expect(parts.every((p) => p.allowed_mentions.parse.length === 0)).toBe(true);
  });
});
