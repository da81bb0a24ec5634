/** The bot's one Slack HTTP route (commands, events, interactivity); the manifest points here. */
export const SLACK_EVENTS_PATH = '/slack/events';
