import { describe, expect, it } from 'vitest';
import { BoundedOutput } from '../../../src/core/exec/output-buffer.js';

function feed(out: BoundedOutput, text: string, chunk = 7): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) out.push(bytes.subarray(i, i + chunk));
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${String(i + 1).padStart(4, '0')}`).join('\n') + '\n';

describe('BoundedOutput', () => {
  it('keeps output under the cap exactly, whatever the chunking', () => {
    const out = new BoundedOutput(1024);
    feed(out, lines(50), 3);
    expect(out.truncated).toBe(false);
    expect(out.text()).toBe(lines(50));
  });

  it('keeps whole first and last lines and counts what it dropped', () => {
    const out = new BoundedOutput(1024);
    const text = lines(1000); // 10 bytes a line
    feed(out, text, 13);
    expect(out.truncated).toBe(true);
    const result = out.text();
    const [head, tail] = result.split(/… \d+ bytes omitted …\n/) as [string, string];
    expect(head.startsWith('line 0001\n')).toBe(true);
    expect(tail.endsWith('line 1000\n')).toBe(true);
    for (const l of (head + tail).split('\n').filter(Boolean)) expect(l).toMatch(/^line \d{4}$/);
    expect(Buffer.byteLength(head + tail)).toBeLessThanOrEqual(1024);
    const omitted = Number(/… (\d+) bytes omitted …/.exec(result)![1]);
    expect(omitted).toBe(Buffer.byteLength(text) - Buffer.byteLength(head + tail));
  });

  it('never splits a multi-byte character when a line is longer than the cap', () => {
    const out = new BoundedOutput(101);
    const text = 'é€😀'.repeat(200);
    feed(out, text, 5);
    const result = out.text();
    expect(result).not.toContain('\uFFFD');
    const [head, tail] = result.split(/\n… \d+ bytes omitted …\n/) as [string, string];
    expect(head.length).toBeGreaterThan(0);
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
  });

  it('retains only about the cap however much is written', () => {
    const out = new BoundedOutput(4096);
    const chunk = Buffer.alloc(65536, 'a');
    for (let i = 0; i < 200; i++) out.push(chunk);
    expect(out.totalBytes).toBe(200 * 65536);
    expect(out.text().length).toBeLessThan(4096 + 64);
  });
});
