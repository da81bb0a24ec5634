/**
 * Expiry: announced once in the thread, the run closed; a vote after the deadline expires it even
 * when the timer has not fired; TTLs a timer cannot hold are refused where they are written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ManualClock } from '../../../src/core/clock.js';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const RUNBOOK = (fm = '') => `---\nid: demo\ntitle: Demo\n${fm}\n---\n## Recovery\n\`\`\`sh {approve}\necho run\n\`\`\`\n`;

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

const posts = () => t.events.filter((e) => e.type === 'post').map((e) => JSON.stringify((e as { message: unknown }).message));

describe('expiry', () => {
  it('expires at the TTL with one message in the thread, and closes the run', async () => {
    const clock = new ManualClock();
    t = await startTestBot({ runbooks: { 'demo.md': RUNBOOK('approval: { ttl: 2m }') }, clock });
    await t.say('/incident demo');
    await clock.advance(2 * 60_000 + 1);
    await t.bot.idle();
    expect(t.approvals()[0]!.state).toBe('expired');
    expect(posts().filter((p) => /expired at .* without enough approvals; nothing was run/.test(p))).toHaveLength(1);
    // ManualClock starts at 2026-01-01 00:00 UTC: the time reads as on a clock, not as ISO-8601.
    expect(posts().some((p) => p.includes('expired at 00:02 UTC without enough approvals'))).toBe(true);
    const run = await t.services.store.db.selectFrom('runs').select('status').executeTakeFirst();
    expect(run!.status).not.toBe('running');
  });

  it('a vote after the deadline expires the request even if no timer fired; the voter and the thread are told', async () => {
    const clock = new ManualClock();
    t = await startTestBot({ runbooks: { 'demo.md': RUNBOOK() }, clock });
    await t.say('/incident demo');
    t.bot.approvals.expiry.stop(); // the timer is late (suspended laptop, busy loop)
    await clock.advance(16 * 60_000);
    await t.say(':as bob');
    await t.say(`:react ${t.approvals()[0]!.id} ✅`);
    expect(t.notices('bob').join('\n')).toMatch(/expired at .*; nothing was run/);
    expect(t.approvals()[0]!.state).toBe('expired');
    expect(posts().some((p) => /expired at/.test(p))).toBe(true);
  });

  it('refuses TTLs outside 10s..24h in front matter and in the config', () => {
    expect(parseRunbook(RUNBOOK('approval: { ttl: 30d }'), 'x.md').problems.map((p) => p.message)).toEqual([expect.stringMatching(/approval.ttl 30d must be between 10s and 24h/)]);
    expect(() => loadConfig({}, 'approval: { ttl: 800h }')).toThrow(/approval\.ttl\)?: an approval TTL must be between 10s and 24h/);
    expect(() => loadConfig({ OPSBRIDGE_APPROVAL_TTL: '1s' })).toThrow(/between 10s and 24h/);
  });
});
