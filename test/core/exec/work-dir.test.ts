/** Steps run in a work directory under the data dir, never in the bot's own checkout. */
import { realpathSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { startTestBot, ROOT, type TestBot } from '../../helpers/test-bot.js';

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

describe('step work directory', () => {
  it('defaults to <data dir>/work: pwd in a step is not the bot checkout', async () => {
    t = await startTestBot({ runbooks: { 'where.md': '---\nid: where\n---\n## Diagnosis\n```sh\npwd\n```\n' } });
    await t.say('/incident where');
    const overview = t.events.filter((e) => e.type === 'post' || e.type === 'update').map((e) => JSON.stringify((e as { message: unknown }).message)).join('\n');
    const work = realpathSync(path.join(t.services.dataDir, 'work'));
    expect(overview).toContain(work);
    expect(overview).not.toContain(`"${ROOT}\\n`);
    expect(work.startsWith(realpathSync(ROOT))).toBe(false);
  });
});
