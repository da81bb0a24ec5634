import { defineCommand } from '../src/core/commands/define-command.js';
import { parseStatusArgs, STATUS_USAGE } from '../src/integrations/statuspage/parse-status-args.js';
import { buildChange, overviewMessage, STATUS_APPROVAL_KIND, statusUpdateExecutor, submitChange } from '../src/integrations/statuspage/status-actions.js';

/**
 * /status: public status-page updates from the incident channel. Public communication, so it
 * is approval-gated by default (config statuspage.requireApproval) and the request shows the
 * update exactly as the public will see it. Arguments are read from the raw text so the message
 * stays exactly as typed.
 */
export default defineCommand({
  name: 'status',
  description: 'Update the public status page: component states and incidents (approval-gated)',
  usage: STATUS_USAGE.split('\n')[0]!.replace('/status ', '') + '  |  incident open|update|resolve ...',
  rawArgs: true,
  async handler(ctx) {
    const parsed = parseStatusArgs(ctx.invocation.args);
    if (parsed.kind === 'overview') {
      await ctx.post(await overviewMessage(ctx.services));
      return;
    }
    const { change, incidentName } = await buildChange(ctx.services, parsed);
    await submitChange(ctx, change, { incidentName });
  },
  executors: { [STATUS_APPROVAL_KIND]: statusUpdateExecutor },
});
