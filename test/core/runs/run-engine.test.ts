/**
 * A run works on the snapshot of the runbook it started with; an approved step whose source
 * changed on disk since (or whose runbook vanished) is refused with a message, never run.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';
import { catalog } from '../../../src/main.js';
import { startTestBot, type TestBot } from '../../helpers/test-bot.js';

const version = (tag: string, extra = '') => `---\nid: twin\ntitle: Twin\n---\n## Diagnosis\n\`\`\`sh\necho "diag-${tag}"\n\`\`\`\n## Recovery\n\`\`\`sh {approve}\necho "fix-${tag}" >> "$MARKER_DIR/ran"\n\`\`\`\n${extra}`;

let markers: string;
let t: TestBot;
const ran = async () => (existsSync(path.join(markers, 'ran')) ? (await readFile(path.join(markers, 'ran'), 'utf8')).trim().split('\n') : []);

beforeEach(async () => {
  markers = await mkdtemp(path.join(tmpdir(), 'opsbridge-engine-'));
  t = await startTestBot({ runbooks: { 'twin.md': version('A') }, configText: `exec: { stepEnv: { MARKER_DIR: "${markers}" } }` });
  await t.say('/incident twin');
});
afterEach(async () => {
  await t.close();
  await rm(markers, { recursive: true, force: true });
});

const posts = () => t.events.filter((e) => e.type === 'post').map((e) => JSON.stringify((e as { message: unknown }).message)).join('\n');

async function approve() {
  await t.say(':as bob');
  await t.say(`:react ${t.approvals()[0]!.id} ✅`);
}

describe('run snapshots', () => {
  it('a gated step whose source changed since approval was requested is refused, with a message', async () => {
    t.services.runbooks = catalog([parseRunbook(version('B'), 'twin.md')]);
    await approve();
    expect(await ran()).toEqual([]);
    expect(posts()).toMatch(/step 2 of twin changed in twin\.md after it was approved; nothing was run\. .*start it again with \/incident twin step:2/);
    expect(t.approvals()[0]!.state).toBe('failed');
  });

  it('an approval for a runbook that vanished is refused, with a message', async () => {
    t.services.runbooks = catalog([]);
    await approve();
    expect(await ran()).toEqual([]);
    expect(posts()).toMatch(/twin.. is no longer loaded \(removed or renamed since step 2 was approved\); nothing was run/);
  });

  it('edits elsewhere in the file do not matter: the approved script is still the one that runs', async () => {
    t.services.runbooks = catalog([parseRunbook(version('A', '## Notes\nmore words\n'), 'twin.md')]);
    await approve();
    expect(await ran()).toEqual(['fix-A']);
  });

  it('the run shows and runs its snapshot even when the file gains steps meanwhile (no crash on a different step count)', async () => {
    const longer = version('A').replace('## Recovery', '## Recovery\n```sh {approve}\necho inserted\n```');
    t.services.runbooks = catalog([parseRunbook(longer, 'twin.md')]);
    await approve();
    // step 2 is now a different block on disk: refused, and the overview still renders from the snapshot
    expect(await ran()).toEqual([]);
    const overview = t.events.filter((e) => e.type === 'update' || e.type === 'post').map((e) => JSON.stringify((e as { message: unknown }).message)).join('\n');
    expect(overview).toContain('diag-A');
    expect(overview).not.toContain('inserted');
  });
});
