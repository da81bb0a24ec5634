import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ChannelPacer } from '../../../src/adapters/slack/channel-pacer.js';
import { SLACK_RETRY_CONFIG } from '../../../src/adapters/slack/index.js';
import { MessageSender } from '../../../src/adapters/slack/message-sender.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Message, StepLine } from '../../../src/core/message.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';

const channel = { platform: 'slack', id: 'C0INC' };
const text = (t: string): Message => ({ blocks: [{ type: 'text', text: t }] });
const stepsMessage = (count: number, status: StepLine['status']): Message => ({
  blocks: [{ type: 'header', text: 'Runbook' }, { type: 'steps', steps: Array.from({ length: count }, (_, i) => ({ n: i + 1, title: `step ${i + 1}`, status })) }],
});
const blockTexts = (m: { blocks: unknown[] }): string => JSON.stringify(m.blocks);

describe('MessageSender', () => {
  let fake: FakeSlack;
  let sender: MessageSender;

  beforeEach(async () => {
    fake = await new FakeSlack().start();
    // The production retry policy, against the real WebClient.
    const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: SLACK_RETRY_CONFIG, logLevel: webApi.LogLevel.ERROR });
    sender = new MessageSender(client, new ChannelPacer({ clock: systemClock, burst: 10 }));
  });

  afterEach(async () => {
    await fake.close();
  });

  it('survives a 429 on chat.update: waits Retry-After, retries, and the edit lands', async () => {
    const ref = await sender.post(channel, text('step 1: running'));
    fake.failNext('chat.update', { status: 429, retryAfter: 1 });
    await sender.update(ref, text('step 1: succeeded'));
    expect(fake.callsOf('chat.update')).toHaveLength(2); // the 429 and the retry
    expect(fake.message('C0INC', ref.id)).toMatchObject({ text: 'step 1: succeeded', edits: 1 });
  });

  it('never lets an older edit land after a newer one while a 429 holds the first back', async () => {
    const ref = await sender.post(channel, text('v0'));
    fake.failNext('chat.update', { status: 429, retryAfter: 1 });
    const first = sender.update(ref, text('v1'));
    const second = sender.update(ref, text('v2'));
    const third = sender.update(ref, text('v3'));
    await Promise.all([first, second, third]);
    expect(fake.message('C0INC', ref.id)!.text).toBe('v3');
    // v2 was superseded while waiting; what Slack saw, in order:
    expect(fake.callsOf('chat.update').map((c) => c.params.text)).toEqual(['v1', 'v1', 'v3']);
  });

  it('posts a long message as a first message plus follow-ups in its thread', async () => {
    const ref = await sender.post(channel, stepsMessage(120, 'pending'));
    const thread = fake.thread('C0INC', ref.id);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    const all = [fake.message('C0INC', ref.id)!, ...thread].map(blockTexts).join('');
    for (let n = 1; n <= 120; n++) expect(all).toContain(`*${n}. step ${n}*`);
  });

  it('updates every part of a split message, adding and removing follow-ups as the content changes', async () => {
    const ref = await sender.post(channel, stepsMessage(60, 'pending'));
    expect(fake.thread('C0INC', ref.id)).toHaveLength(1);
    await sender.update(ref, stepsMessage(150, 'succeeded'));
    let thread = fake.thread('C0INC', ref.id);
    expect(thread).toHaveLength(3);
    const all = [fake.message('C0INC', ref.id)!, ...thread].map(blockTexts).join('');
    expect(all).not.toContain('pending');
    for (let n = 1; n <= 150; n++) expect(all).toContain(`*${n}. step ${n}*`);
    await sender.update(ref, stepsMessage(3, 'failed'));
    thread = fake.thread('C0INC', ref.id);
    expect(thread).toHaveLength(0);
    expect(blockTexts(fake.message('C0INC', ref.id)!)).toContain('*3. step 3*');
  });

  it('reports a Slack error with a stable code and Slack\'s reason', async () => {
    await expect(sender.update({ channel, id: '999.999' }, text('x'))).rejects.toMatchObject({ code: 'SLACK_API', message: 'chat.update failed: message_not_found' });
  });
});

describe('ChannelPacer', () => {
  it('lets a burst through and then spaces posts to one per second per channel', async () => {
    const { ManualClock } = await import('../../../src/core/clock.js');
    const clock = new ManualClock();
    const pacer = new ChannelPacer({ clock, burst: 2 });
    const granted: string[] = [];
    for (const tag of ['a1', 'a2', 'a3', 'a4']) void pacer.acquire('A').then(() => granted.push(tag));
    void pacer.acquire('B').then(() => granted.push('b1'));
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
    await flush();
    expect(granted.sort()).toEqual(['a1', 'a2', 'b1']);
    await clock.advance(999);
    await flush();
    expect(granted.sort()).toEqual(['a1', 'a2', 'b1']);
    await clock.advance(1);
    await flush();
    expect(granted.sort()).toEqual(['a1', 'a2', 'a3', 'b1']);
    await clock.advance(1000);
    await flush();
    expect(granted.sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'b1']);
  });
});
