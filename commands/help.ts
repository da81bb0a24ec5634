import * as z from 'zod';

import { defineCommand } from '../src/core/commands/define-command.js';
import { voteEmoji } from '../src/core/emoji.js';

/** /help: every command with one line each, the same on Slack, Discord and the console. */
export default defineCommand({
  name: 'help',
  description: 'List the commands, one line each',
  usage: '',
  options: z.object({}).strict(),
  async handler(ctx) {
    const commands = [...(ctx.commands?.() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const lines = commands.map((c) => {
      const usage = firstForm(c.usage ?? '');
      return `• /${c.name}${usage ? ` ${usage}` : ''}: ${c.description}`;
    });
    const emoji = voteEmoji(ctx.services.config.approval, ctx.invocation.platform);
    await ctx.post({
      blocks: [
        { type: 'header', text: 'opsbridge commands' },
        { type: 'text', text: lines.join('\n') },
        { type: 'context', text: `Gated steps wait for an approver: react ${emoji.approve} to approve or ${emoji.reject} to reject, or use the buttons.` },
      ],
    });
  },
});

/** The usage up to its first top-level " | " alternative or "e.g." example: one line per command. */
function firstForm(usage: string): string {
  let depth = 0;
  for (let i = 0; i < usage.length; i++) {
    const ch = usage[i];
    if (ch === '[' || ch === '<') depth++;
    else if (ch === ']' || ch === '>') depth--;
    else if (ch === '|' && depth === 0) return usage.slice(0, i).trim();
  }
  return usage.split(/\s{2,}e\.g\./)[0]!.trim();
}
