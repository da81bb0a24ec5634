/**
 * The Slack app manifest, generated from the command specs so the app's slash commands can never
 * drift from the commands the bot actually has. Paste it at api.slack.com/apps → "From a manifest".
 */
import { SLACK_EVENTS_PATH } from './events-path.js';

// channels:manage, pins:write, files:write, channels:history: incident channels, the pinned
// summary, the postmortem file and 📌-pinned messages (without them the bot falls back and says which is missing).
export const BOT_SCOPES = ['commands', 'chat:write', 'reactions:read', 'usergroups:read', 'users:read', 'channels:manage', 'channels:history', 'pins:write', 'files:write'] as const;

export interface ManifestOptions {
  name?: string;
  description?: string;
  commands: { name: string; description: string; usage?: string }[];
  /**
   * HTTP mode: the public URL of the bot's events route (`https://bot.example.com/slack/events`) or
   * its base URL (`https://bot.example.com`, `…/opsbridge` behind a proxy), to which the route is
   * appended; omitted = Socket Mode.
   */
  requestUrl?: string;
}

export function buildManifest(opts: ManifestOptions): Record<string, unknown> {
  const name = opts.name ?? 'opsbridge';
  const eventsUrl = opts.requestUrl ? eventsUrlFor(opts.requestUrl) : undefined;
  return {
    display_information: {
      name,
      description: opts.description ?? 'Runbooks as safe, approval-gated incident commands',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: opts.commands.map((c) => ({
        command: `/${c.name}`,
        description: c.description,
        ...(c.usage ? { usage_hint: c.usage } : {}),
        ...(eventsUrl ? { url: eventsUrl } : {}),
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...(eventsUrl ? { request_url: eventsUrl } : {}), bot_events: ['reaction_added'] },
      interactivity: { is_enabled: true, ...(eventsUrl ? { request_url: eventsUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !eventsUrl,
      token_rotation_enabled: false,
    },
  };
}

/** The one URL Slack posts commands, events and interactions to: the route the bot serves. */
export function eventsUrlFor(requestUrl: string): string {
  const url = new URL(requestUrl);
  const pathname = url.pathname.replace(/\/+$/, '');
  if (!pathname.endsWith(SLACK_EVENTS_PATH)) url.pathname = `${pathname}${SLACK_EVENTS_PATH}`;
  else url.pathname = pathname;
  return url.toString();
}
