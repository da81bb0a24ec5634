/**
 * Where alert-declared incidents originate: `alerts.channel` for a platform the bot runs, in the
 * order configured; otherwise the first channel the bot is already told about (the console
 * channel, the first of SLACK_CHANNELS or DISCORD_CHANNELS).
 */
import type { Config } from '../../config/schema.js';
import type { ChannelRef } from '../../core/chat.js';
import { OpsError } from '../../core/errors.js';

export function alertOrigin(config: Config, hasPlatform: (platform: string) => boolean): ChannelRef {
  for (const [platform, id] of Object.entries(config.alerts.channel)) if (hasPlatform(platform)) return { platform, id, name: id };
  const fallbacks: [string, string | undefined][] = [
    ['console', config.console.channel],
    ['slack', config.slack.channels[0]],
    ['discord', config.discord.channels[0]],
  ];
  for (const [platform, id] of fallbacks) if (id && hasPlatform(platform)) return { platform, id, name: id };
  throw new OpsError('ALERTS_NO_CHANNEL', 'alerts have no channel to open incidents from: set alerts.channel, e.g. alerts: { channel: { slack: C0123ABCD } }');
}
