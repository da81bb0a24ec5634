/**
 * Entry point for main.ts: `createSlackAdapter({ config: config.slack, approval: config.approval,
 * commands, logger })` → the ChatAdapter for the bot, plus the HTTP routes to mount on the bot's
 * own server (HTTP mode only: `POST /slack/events`).
 *
 * Mode: Socket Mode when SLACK_APP_TOKEN is set (the default: no public URL needed);
 * HTTP mode when only SLACK_SIGNING_SECRET is set (replicas behind a load balancer).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

import type { Config } from '../../config/schema.js';
import type { ChatAdapter } from '../../core/chat.js';
import { systemClock, type Clock } from '../../core/clock.js';
import { OpsError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact/types.js';
import type { HttpRoute } from '../../http/route.js';
import { RouteReceiver } from './route-receiver.js';
import { SlackAdapter } from './slack-adapter.js';

/**
 * On 429 the WebClient waits the Retry-After seconds (pausing its whole queue) and retries;
 * this bounds the retries so a call gives up in about two minutes instead of Bolt's default
 * half hour, long after the incident moved on.
 */
export const SLACK_RETRY_CONFIG = { retries: 6, factor: 2, minTimeout: 500, maxTimeout: 30_000, randomize: true };

export interface CreateSlackAdapterOptions {
  config: Config['slack'];
  approval: Config['approval'];
  commands: { name: string; description: string; usage?: string }[];
  logger: Logger;
  /** paces posts and ages the user-group cache; default the system clock */
  clock?: Clock;
  /** wall clock for HTTP signature staleness; default Date.now */
  now?: () => number;
  /** override the WebClient retry policy (tests make retries quick) */
  retryConfig?: webApi.RetryOptions;
  /** how long a user group's member list is cached; default 5 minutes */
  groupRefreshMs?: number;
  /** every Web API call's arguments pass it on the way out */
  redactor?: Redactor;
  /** incidents.slack.privateChannels */
  privateIncidentChannels?: boolean;
}

export function createSlackAdapter(opts: CreateSlackAdapterOptions): { adapter: ChatAdapter; routes: HttpRoute[] } {
  const { config, logger } = opts;
  if (!config.botToken) throw new OpsError('SLACK_CONFIG', 'SLACK_BOT_TOKEN is not set');
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret) {
    throw new OpsError('SLACK_CONFIG', 'set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode at POST /slack/events)');
  }
  const routeReceiver = socketMode
    ? undefined
    : new RouteReceiver({ signingSecret: config.signingSecret!, logger, ...(opts.now ? { now: opts.now } : {}) });
  const adapter = new SlackAdapter({
    botToken: config.botToken,
    ...(config.appToken ? { appToken: config.appToken } : {}),
    ...(routeReceiver ? { routeReceiver } : {}),
    clientOptions: {
      ...(config.apiUrl ? { slackApiUrl: withSlash(config.apiUrl) } : {}),
      retryConfig: opts.retryConfig ?? SLACK_RETRY_CONFIG,
    },
    channels: config.channels,
    approverGroups: config.approverGroups,
    approverUsers: config.approverUsers,
    commands: opts.commands.map((c) => c.name),
    logger,
    clock: opts.clock ?? systemClock,
    ...(opts.groupRefreshMs !== undefined ? { groupRefreshMs: opts.groupRefreshMs } : {}),
    ...(opts.redactor ? { redactor: opts.redactor } : {}),
    ...(opts.privateIncidentChannels ? { privateIncidentChannels: true } : {}),
  });
  return { adapter, routes: routeReceiver ? [routeReceiver.route()] : [] };
}

/** WebClient joins base + method name, so the base must end in '/'. */
function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export { renderBlocks, SLACK_LIMITS } from './render-blocks.js';
export { buildManifest } from './manifest.js';
