/**
 * Which platform adapters and extra HTTP routes `opsbridge start` runs, decided by config alone.
 * SDKs are imported only when their adapter is configured, so a console-only install never loads them.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ChatAdapter } from '../core/chat.js';
import type { CommandSpec } from '../core/commands/define-command.js';
import { OpsError } from '../core/errors.js';
import type { Redactor } from '../core/redact/types.js';
import type { HttpRoute } from '../http/route.js';

export async function platformAdapters(
  config: Config,
  commands: CommandSpec[],
  logger: Logger,
  redactor: Redactor,
): Promise<{ adapters: ChatAdapter[]; routes: HttpRoute[] }> {
  const adapters: ChatAdapter[] = [];
  const routes: HttpRoute[] = [];
  if (config.slack.botToken) {
    if (!config.slack.appToken && !config.slack.signingSecret) {
      throw new OpsError('SLACK_CONFIG', 'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is');
    }
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    const slack = createSlackAdapter({
      config: config.slack,
      approval: config.approval,
      commands: commands.map((c) => ({ name: c.name, description: c.description, usage: c.usage })),
      logger: logger.child({ adapter: 'slack' }),
      redactor,
      privateIncidentChannels: config.incidents.slack.privateChannels,
    });
    adapters.push(slack.adapter);
    routes.push(...slack.routes);
  }
  if (config.discord.token) {
    const { createDiscordAdapter } = await import('../adapters/discord/index.js');
    adapters.push(createDiscordAdapter({ config: config.discord, approval: config.approval, logger: logger.child({ adapter: 'discord' }), redactor, incidents: config.incidents.discord }));
  }
  return { adapters, routes };
}

