/**
 * Posting and editing through the real adapter (real discord.js REST) against the fake Discord,
 * which rejects any body over Discord's limits: split messages and their follow-ups, threads,
 * 429s, and finding a message again after a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { msg, type Message } from '../../../src/core/message.js';
import type { ApiMessage } from '../../fakes/discord/fake-discord.js';
import { RecordingHandlers, adapterFor, startHarness, type Harness } from './harness.js';

let h: Harness;
let restarted: ReturnType<typeof adapterFor> | undefined;
afterEach(async () => {
  await restarted?.stop();
  restarted = undefined;
  await h?.close();
});

const channelRef = (h: Harness) => ({ platform: 'discord' as const, id: h.fake.channel.id, name: 'incident' });
const stored = (h: Harness, id: string): ApiMessage => h.fake.state.messages.get(id)!;

/** a second bot on the same Discord, remembering nothing the first one posted */
async function restart(h: Harness): Promise<ReturnType<typeof adapterFor>> {
  await h.adapter.stop();
  restarted = adapterFor(h.fake);
  await restarted.start(new RecordingHandlers());
  return restarted;
}

describe('rendering against Discord’s limits', () => {
  it('splits a long run into several messages the API accepts, and update edits, adds and removes follow-ups', async () => {
    h = await startHarness();
    const big: Message = {
      blocks: [
        msg.header('Incident: db'),
        msg.steps(Array.from({ length: 12 }, (_, i) => ({ n: i + 1, title: `step ${i + 1}`, status: 'succeeded' as const, code: 'echo ok', detail: 'x'.repeat(1500) }))),
        msg.context('@everyone look'),
      ],
    };
    const ref = await h.adapter.post(channelRef(h), big);
    const posts = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${h.fake.channel.id}/messages`);
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.every((c) => c.status === 200)).toBe(true); // the fake rejects bodies over any limit
    expect(posts.every((c) => JSON.stringify(c.body.allowed_mentions) === '{"parse":[]}')).toBe(true);
    const all = h.fake.messagesIn(h.fake.channel.id).map((m) => JSON.stringify(m.embeds)).join('');
    for (let i = 1; i <= 12; i++) expect(all).toContain(`**${i}. step ${i}**`);
    expect(all.split('x'.repeat(1500)).length - 1).toBe(12); // every detail complete
    expect(stored(h, ref.id).embeds[0]).toMatchObject({ title: 'Incident: db' });

    await h.adapter.update(ref, { blocks: [msg.header('Incident: db'), msg.text('resolved')] });
    expect(h.fake.messagesIn(h.fake.channel.id)).toHaveLength(1); // stale follow-ups removed
    expect(stored(h, ref.id).embeds[0]).toMatchObject({ title: 'Incident: db', description: 'resolved' });

    await h.adapter.update(ref, big);
    expect(h.fake.messagesIn(h.fake.channel.id)).toHaveLength(posts.length);
  });

  it('survives a 429 from Discord: waits Retry-After and posts once', async () => {
    h = await startHarness();
    h.fake.force429('POST', /^\/channels\/\d+\/messages$/, 0.05);
    const ref = await h.adapter.post(channelRef(h), { blocks: [msg.text('after the limit')] });
    const posts = h.fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(h.fake.messagesIn(h.fake.channel.id).map((m) => m.id)).toEqual([ref.id]);
  });

  it('replies in the channel when it may not start threads', async () => {
    h = await startHarness();
    h.fake.state.threadsAllowed = false;
    const root = await h.adapter.post(channelRef(h), { blocks: [msg.header('Incident: db')] });
    const child = await h.adapter.post(channelRef(h), { blocks: [msg.text('step 1')] }, { thread: root.id });
    expect(stored(h, child.id)).toMatchObject({ channel_id: h.fake.channel.id, message_reference: { message_id: root.id } });
    await h.adapter.update(child, { blocks: [msg.text('step 1 done')] });
    expect(stored(h, child.id).embeds[0]).toMatchObject({ description: 'step 1 done' });
  });
});

describe('after a restart', () => {
  it('edits a run message it never saw, in the run\'s thread', async () => {
    h = await startHarness();
    const root = await h.adapter.post(channelRef(h), { blocks: [msg.header('Incident: db')] });
    const child = await h.adapter.post(channelRef(h), { blocks: [msg.text('step 1')] }, { thread: root.id });
    expect(stored(h, child.id).channel_id).toBe(root.id); // the thread takes the root's id
    const again = await restart(h);
    await again.update(child, { blocks: [msg.text('step 1 done')] });
    expect(stored(h, child.id).embeds[0]).toMatchObject({ description: 'step 1 done' });
  });

  it('falls back to the channel when the run had no thread', async () => {
    h = await startHarness();
    h.fake.state.threadsAllowed = false;
    const root = await h.adapter.post(channelRef(h), { blocks: [msg.header('Incident: db')] });
    const child = await h.adapter.post(channelRef(h), { blocks: [msg.text('step 1')] }, { thread: root.id });
    const again = await restart(h);
    await again.update(child, { blocks: [msg.text('step 1 done')] });
    expect(stored(h, child.id)).toMatchObject({ channel_id: h.fake.channel.id, embeds: [{ description: 'step 1 done' }] });
  });
});
