/**
 * loadConfig(env, fileText) is pure: it reads nothing itself, so tests pass both in.
 * Precedence: defaults < config file < environment variables.
 */
import { parse as parseYaml } from 'yaml';

import { OpsError } from '../core/errors.js';
import { describeIssue } from './config-errors.js';
import { configSchema, type Config } from './schema.js';

type Env = Record<string, string | undefined>;

/** env var → config path. Only set keys are applied. */
export const CONFIG_ENV_MAP: [string, string, 'string' | 'number' | 'list'][] = [
  ['NODE_ENV', 'env', 'string'],
  ['LOG_LEVEL', 'logLevel', 'string'],
  ['PORT', 'port', 'number'],
  ['HOST', 'host', 'string'],
  ['OPSBRIDGE_DATA_DIR', 'dataDir', 'string'],
  ['DATABASE_URL', 'databaseUrl', 'string'],
  ['OPSBRIDGE_RUNBOOKS_DIR', 'runbooksDir', 'string'],
  ['OPSBRIDGE_COMMANDS_DIR', 'commandsDir', 'string'],
  ['OPSBRIDGE_ENVIRONMENT', 'environment', 'string'],
  ['OPSBRIDGE_APPROVERS', 'approval.approverUsers', 'list'],
  ['OPSBRIDGE_APPROVER_ROLES', 'approval.approverRoles', 'list'],
  ['OPSBRIDGE_APPROVAL_QUORUM', 'approval.quorum', 'number'],
  ['OPSBRIDGE_APPROVAL_TTL', 'approval.ttl', 'string'],
  ['SLACK_BOT_TOKEN', 'slack.botToken', 'string'],
  ['SLACK_APP_TOKEN', 'slack.appToken', 'string'],
  ['SLACK_SIGNING_SECRET', 'slack.signingSecret', 'string'],
  ['SLACK_API_URL', 'slack.apiUrl', 'string'],
  ['SLACK_CHANNELS', 'slack.channels', 'list'],
  ['SLACK_APPROVER_GROUPS', 'slack.approverGroups', 'list'],
  ['SLACK_APPROVER_USERS', 'slack.approverUsers', 'list'],
  ['DISCORD_TOKEN', 'discord.token', 'string'],
  ['DISCORD_APPLICATION_ID', 'discord.applicationId', 'string'],
  ['DISCORD_GUILD_ID', 'discord.guildId', 'string'],
  ['DISCORD_API_URL', 'discord.apiUrl', 'string'],
  ['DISCORD_CHANNELS', 'discord.channels', 'list'],
  ['DISCORD_APPROVER_ROLES', 'discord.approverRoles', 'list'],
  ['DISCORD_APPROVER_USERS', 'discord.approverUsers', 'list'],
  ['STRIPE_SECRET_KEY', 'stripe.secretKey', 'string'],
  ['STRIPE_WEBHOOK_SECRET', 'stripe.webhookSecret', 'string'],
  ['STRIPE_API_URL', 'stripe.apiUrl', 'string'],
  ['STRIPE_REPLAY_RATE', 'stripe.rate', 'number'],
  ['STRIPE_WEBHOOK_ENDPOINT', 'stripe.endpoint', 'string'],
  ['STRIPE_DIRECT_URL', 'stripe.directUrl', 'string'],
  ['STATUSPAGE_API_KEY', 'statuspage.apiKey', 'string'],
  ['STATUSPAGE_PAGE_ID', 'statuspage.pageId', 'string'],
  ['STATUSPAGE_API_URL', 'statuspage.apiUrl', 'string'],
  ['OPSBRIDGE_ALERTS_TOKEN', 'alerts.token', 'string'],
  ['PAGERDUTY_ROUTING_KEY', 'paging.pagerduty.routingKey', 'string'],
  ['PAGERDUTY_EVENTS_URL', 'paging.pagerduty.eventsUrl', 'string'],
];

export const CONFIG_ENV_VARS = CONFIG_ENV_MAP.map(([name]) => name);

export function loadConfig(env: Env, fileText?: string, fileName = 'config file'): Config {
  let raw: Record<string, unknown> = {};
  if (fileText !== undefined && fileText.trim() !== '') {
    try {
      const parsed: unknown = parseYaml(fileText); // YAML is a superset of JSON
      if (parsed !== null && typeof parsed !== 'object') throw new Error('top level must be a mapping');
      raw = (parsed ?? {}) as Record<string, unknown>;
    } catch (err) {
      // only the first line: the YAML parser quotes the offending lines, which may hold a secret
      const reason = (err as Error).message.split('\n')[0]!.replace(/:$/, '');
      throw new OpsError('CONFIG_INVALID', `${fileName}: cannot parse: ${reason}`, { cause: err });
    }
  }
  const fromEnv = new Map<string, string>();
  for (const [name, path, kind] of CONFIG_ENV_MAP) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    let typed: unknown = value;
    if (kind === 'number') {
      typed = Number(value);
      if (!Number.isFinite(typed)) throw new OpsError('CONFIG_INVALID', `${name}="${value}" is not a number`);
    } else if (kind === 'list') {
      typed = value.split(',').map((s) => s.trim()).filter(Boolean);
    }
    setPath(raw, path, typed);
    fromEnv.set(path, name);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.flatMap((i) => describeIssue(i, { schema: configSchema, fileName, fromEnv })).map((l) => `  ${l}`);
    throw new OpsError('CONFIG_INVALID', `invalid configuration:\n${lines.join('\n')}`, { cause: result.error });
  }
  return result.data;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[keys.at(-1)!] = value;
}

export type { Config };
