/** The console prints an edit as what changed, not the whole message again. */
import { describe, expect, it } from 'vitest';

import { ConsoleText } from '../../../src/adapters/console/render-console.js';
import type { Message } from '../../../src/core/message.js';

const text = (t: string): Message => ({ blocks: [{ type: 'text', text: t }] });

describe('ConsoleText', () => {
  it('prints a post in full, then only the changed lines of each edit', () => {
    const r = new ConsoleText(false, 'incident');
    const output = Array.from({ length: 200 }, (_, i) => `    │ row ${i}`).join('\n');
    const before = `*Demo*\n✅ 1. Diagnosis · psql (safe) [succeeded]\n${output}\n🔐 2. Recovery · restart (approve) [awaiting_approval]`;
    const first = r.render({ type: 'post', id: 'm1', thread: null, channel: 'incident', message: text(before) })!;
    expect(first.split('\n').length).toBeGreaterThan(200);
    const after = before.replace('[awaiting_approval]', '[executing]');
    expect(r.render({ type: 'update', id: 'm1', thread: null, channel: 'incident', message: text(after) })).toBe('[m1 edited] opsbridge\n🔐 2. Recovery · restart (approve) [executing]\n');
    // the same text again prints nothing
    expect(r.render({ type: 'update', id: 'm1', thread: null, channel: 'incident', message: text(after) })).toBeUndefined();
  });

  it('says how many lines went when an edit only removes', () => {
    const r = new ConsoleText(false);
    r.render({ type: 'post', id: 'm2', thread: 'm1', message: text('a\nb\nc') });
    expect(r.render({ type: 'update', id: 'm2', thread: 'm1', message: text('a') })).toBe('[m2 in m1 edited] opsbridge\n(2 lines removed)\n');
  });
});
