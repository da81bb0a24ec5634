/**
 * The Slack app manifest, generated from the command specs so the app's slash commands can never
 * drift from the commands the bot actually has. Paste it at api.slack.com/apps → "From a manifest".
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'reactions:read', 'usergroups:read', 'users:read'] as const;

export interface ManifestOptions {
  name?: string;
  description?: string;
  commands: { name: string; description: string; usage?: string }[];
  /** HTTP mode: public base URL (…/slack/events is appended); omitted = Socket Mode */
  requestUrl?: string;
}

export function buildManifest(opts: ManifestOptions): Record<string, unknown> {
  const name = opts.name ?? 'opsbridge';
  const eventsUrl = opts.requestUrl ? `${opts.requestUrl.replace(/\/+$/, '')}/slack/events` : undefined;
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
