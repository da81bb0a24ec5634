import { expect, it } from 'vitest';
import type { ChatAdapter, MessageRef } from '../../src/core/chat.js';
import { ManualClock } from '../../src/core/clock.js';
import { renderPlainText, type Message } from '../../src/core/message.js';
import { Poster } from '../../src/core/poster.js';

function recordingAdapter() {
  const calls: { kind: 'post' | 'update'; text: string }[] = [];
  const adapter: ChatAdapter = {
    platform: 'console',
    start: async () => undefined,
    stop: async () => undefined,
    ready: () => true,
    post: async (channel, m) => {
      calls.push({ kind: 'post', text: renderPlainText(m) });
      return { channel, id: `m${calls.length}` } as MessageRef;
    },
    update: async (_ref, m) => void calls.push({ kind: 'update', text: renderPlainText(m) }),
    notify: async () => undefined,
  };
  return { adapter, calls };
}
const text = (t: string): Message => ({ blocks: [{ type: 'text', text: t }] });
const redactor = { redact: (s: string) => s.replaceAll('hunter2secret', '[REDACTED]') };

it('coalesces edits of one message to at most one a second, latest content wins', async () => {
  const clock = new ManualClock();
  const { adapter, calls } = recordingAdapter();
  const poster = new Poster(new Map([['console', adapter]]), redactor, clock);
  const ref = await poster.post({ platform: 'console', id: 'c' }, text('v0'));
  const done = [poster.update(ref, text('v1')), poster.update(ref, text('v2')), poster.update(ref, text('v3')), poster.update(ref, text('v4'))];
  await Promise.resolve();
  expect(calls.map((c) => c.text)).toEqual(['v0', 'v1']);
  await clock.advance(1000);
  await Promise.all(done);
  expect(calls.map((c) => c.text)).toEqual(['v0', 'v1', 'v4']);
  expect(poster.stats).toMatchObject({ posts: 1, edits: 2 });
});

it('redacts every text before it reaches the adapter', async () => {
  const { adapter, calls } = recordingAdapter();
  const poster = new Poster(new Map([['console', adapter]]), redactor, new ManualClock());
  await poster.post({ platform: 'console', id: 'c' }, { blocks: [{ type: 'steps', steps: [{ n: 1, title: 't', status: 'failed', detail: 'password=hunter2secret' }] }] });
  expect(calls[0]!.text).toContain('password=[REDACTED]');
  expect(calls[0]!.text).not.toContain('hunter2secret');
});

it('flush sends pending edits at once (shutdown)', async () => {
  const clock = new ManualClock();
  const { adapter, calls } = recordingAdapter();
  const poster = new Poster(new Map([['console', adapter]]), redactor, clock);
  const ref = await poster.post({ platform: 'console', id: 'c' }, text('a'));
  void poster.update(ref, text('b'));
  const last = poster.update(ref, text('c'));
  await poster.flush();
  await last;
  expect(calls.map((c) => c.text)).toEqual(['a', 'b', 'c']);
});
