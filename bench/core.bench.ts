/**
 * Chat-core figures:
 * - dispatch_overhead_ratio: p99 time to the first post for 1,000 /incident invocations through
 *   the dispatcher (lookup, access, rate limit, validation, audit) vs calling the same handler
 *   directly, both in this run against a no-op adapter.
 * - chat_calls_per_run: posts + edits for a 30-step runbook with 10 diagnostics, up to the first
 *   approval request (where the run waits for people).
 */
import type { ChatAdapter, Invocation, MessageRef } from '../src/core/chat.js';
import { startTestBot } from '../test/helpers/test-bot.js';

function noopAdapter() {
  let posts = 0;
  let edits = 0;
  const firstPost = new Map<string, number>();
  let current = '';
  const adapter: ChatAdapter = {
    platform: 'bench',
    start: async () => undefined,
    stop: async () => undefined,
    ready: () => true,
    post: async (channel) => {
      posts++;
      if (!firstPost.has(current)) firstPost.set(current, performance.now());
      return { channel, id: `b${posts}` } as MessageRef;
    },
    update: async () => void edits++,
    notify: async () => undefined,
  };
  return { adapter, firstPost, counts: () => posts + edits, setCurrent: (k: string) => (current = k) };
}

const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;

const QUICK = `---\nid: quick\ntitle: Quick\n---\n## Recovery\n\`\`\`sh {manual}\necho look\n\`\`\`\n`;

function bigRunbook(): string {
  const parts = ['---\nid: big\ntitle: Thirty steps\n---\n## Diagnosis\n'];
  for (let i = 0; i < 10; i++) parts.push(`\`\`\`sh\necho diagnostic ${i}\n\`\`\`\n`);
  parts.push('## Common Causes\n');
  for (let i = 0; i < 10; i++) parts.push(`\`\`\`sh {manual}\necho check ${i}\n\`\`\`\n`);
  parts.push('## Recovery\n');
  for (let i = 0; i < 10; i++) parts.push(`\`\`\`sh {approve}\necho fix ${i}\n\`\`\`\n`);
  return parts.join('');
}

export async function run(): Promise<Record<string, number>> {
  const noop = noopAdapter();
  const t = await startTestBot({
    runbooks: { 'quick.md': QUICK, 'big.md': bigRunbook() },
    extraAdapters: [noop.adapter],
    configText: 'rateLimit: { perUser: 100000, window: 60s }',
  });
  try {
    const spec = t.bot.dispatcher.commands().find((c) => c.name === 'incident')!;
    const inv = (i: number): Invocation => ({
      command: 'incident',
      args: 'quick',
      actor: { platform: 'bench', id: `u${i % 20}`, name: `u${i % 20}`, roles: [] },
      channel: { platform: 'bench', id: 'c' },
      platform: 'bench',
    });
    const N = 1000;
    const measure = async (label: string, call: (i: number) => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < N; i++) {
        const key = `${label}${i}`;
        noop.setCurrent(key);
        const start = performance.now();
        await call(i);
        times.push(noop.firstPost.get(key)! - start);
      }
      return times;
    };
    // warm up both paths
    await measure('warm-d', (i) => t.bot.dispatcher.dispatch(inv(i)));
    await measure('warm-h', (i) => spec.handler!(t.bot.dispatcher.context(inv(i), { topic: 'quick' })));
    const direct = await measure('h', (i) => spec.handler!(t.bot.dispatcher.context(inv(i), { topic: 'quick' })));
    const dispatched = await measure('d', (i) => t.bot.dispatcher.dispatch(inv(i)));

    const before = noop.counts();
    await t.bot.dispatcher.dispatch({ ...inv(0), args: 'big' });
    await t.bot.idle();
    const chatCalls = noop.counts() - before;
    return {
      dispatch_overhead_ratio: Number((p99(dispatched) / p99(direct)).toFixed(3)),
      dispatch_p99_ms: Number(p99(dispatched).toFixed(2)),
      direct_handler_p99_ms: Number(p99(direct).toFixed(2)),
      chat_calls_per_run: chatCalls,
    };
  } finally {
    await t.close();
  }
}
