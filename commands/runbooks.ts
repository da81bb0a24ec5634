import { z } from 'zod';
import { defineCommand } from '../src/core/commands/define-command.js';

export default defineCommand({
  name: 'runbooks',
  description: 'List the runbooks this bot knows, with what it may run on its own',
  usage: '',
  options: z.object({}).strict(),
  async handler(ctx) {
    const runbooks = [...ctx.services.runbooks.all()].sort((a, b) => a.id.localeCompare(b.id));
    if (runbooks.length === 0) {
      await ctx.post({ blocks: [{ type: 'text', text: `No runbooks loaded from ${ctx.services.config.runbooksDir}.` }] });
      return;
    }
    const lines = runbooks.map((r) => {
      const count = (s: string) => r.blocks.filter((b) => b.safety === s).length;
      const aliases = r.aliases.length ? ` (also: ${r.aliases.join(', ')})` : '';
      return `• ${r.id}${aliases}: ${r.title}${r.severity ? ` [${r.severity}]` : ''}\n    ${count('safe')} safe · ${count('approve')} gated · ${count('manual')} manual`;
    });
    await ctx.post({
      blocks: [
        { type: 'header', text: `Runbooks (${runbooks.length})` },
        { type: 'text', text: lines.join('\n') },
        { type: 'context', text: 'Run one with /incident <id>; safe steps run on their own, gated steps need approval.' },
      ],
    });
  },
});
