import { defineCommand } from '../src/core/commands/define-command.js';
import { listMessage } from '../src/core/incidents/commands/render-lists.js';

/** /incidents: the open incidents, with their channels and commanders. */
export default defineCommand({
  name: 'incidents',
  description: 'List the open incidents: severity, status, channel, commander',
  async handler(ctx) {
    const open = (await ctx.services.incidents?.list({ open: true })) ?? [];
    await ctx.post(listMessage(open, ctx.services.clock.now()));
  },
});
