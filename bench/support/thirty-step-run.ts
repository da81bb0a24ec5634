/**
 * A real 30-step run through the core on a platform adapter: `/incident bench30` dispatched in an
 * incident channel, so the core posts the run's root message, edits it as steps finish and posts in
 * its thread exactly as in an incident. Used by the 429 counts of the Slack and Discord benches.
 */
import type { ChatAdapter, Platform } from '../../src/core/chat.js';
import { startTestBot, useAsIncidentChannel } from '../../test/helpers/test-bot.js';

const fence = '```';
/** 30 read-only steps, so the whole run executes with nobody approving. */
const RUNBOOK = ['---', 'id: bench30', 'title: Thirty steps', '---', '## Diagnosis', ...Array.from({ length: 30 }, (_, i) => `${fence}sh\necho "step ${i + 1}"\n${fence}\n`)].join('\n');

export async function thirtyStepRun(adapter: ChatAdapter, platform: Platform, channelId: string, actor: { id: string; name: string }): Promise<void> {
  const t = await startTestBot({ runbooks: { 'bench30.md': RUNBOOK }, extraAdapters: [adapter] });
  try {
    const channel = { platform, id: channelId };
    await useAsIncidentChannel(t, channel, 'Bench: thirty steps');
    await t.bot.dispatcher.dispatch({ command: 'incident', args: 'bench30', actor: { platform, ...actor, roles: [] }, channel, platform });
    await t.bot.idle();
  } finally {
    await t.close();
  }
}
