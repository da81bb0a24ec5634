/**
 * The whole configuration, validated once. Environment variables override the optional
 * config file (JSON or YAML); see loadConfig.
 */
import path from 'node:path';
import * as z from 'zod';
import { MAX_APPROVAL_TTL_MS, MIN_APPROVAL_TTL_MS } from '../core/approvals/ttl-bounds.js';
import { parseDuration } from '../core/duration.js';
import { DEFAULT_INCIDENTS_CONFIG, incidentsConfigSchema } from './incidents-schema.js';

/** `.meta(SECRET)` marks a value the redactor masks everywhere (see core/redact/schema-secrets.ts). */
export const SECRET = { secret: true } as const;

const duration = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+(ms|s|m|h)$/, 'use a duration like 30s, 15m or 2h')]);

export const probeSchema = z.strictObject({
  name: z.string().min(1),
  url: z.string().url(),
  expectStatus: z.number().int().min(100).max(599).default(200),
  /** dotted path → expected value in the JSON body, e.g. { "status": "ok" } */
  expectJson: z.record(z.string(), z.unknown()).optional(),
  timeout: duration.default('5s'),
});

export const vendorStatusSchema = z.strictObject({
  name: z.string().min(1),
  /** a Statuspage-format /api/v2/status.json URL */
  url: z.string().url(),
});

export const approvalPolicySchema = z.strictObject({
  quorum: z.number().int().min(1).max(10).default(1),
  allowSelfApproval: z.boolean().default(false),
  ttl: duration.default('15m'),
  approveEmoji: z.array(z.string().min(1)).min(1).default(['white_check_mark', '✅', 'heavy_check_mark', '✔️']),
  rejectEmoji: z.array(z.string().min(1)).min(1).default(['x', '❌']),
  /** role ids whose holders may approve on any platform (console role names are the console's ids); never names */
  approverRoles: z.array(z.string()).default(['approver']),
  /** user ids who may approve regardless of role (console user names are the console's ids); never display names */
  approverUsers: z.array(z.string()).default([]),
}).refine((p) => withinTtlBounds(p.ttl), { path: ['ttl'], message: 'an approval TTL must be between 10s and 24h' });

function withinTtlBounds(ttl: string | number): boolean {
  let ms: number;
  try {
    ms = parseDuration(ttl);
  } catch {
    return true; // not a duration at all: the field's own check already says so, naming the key
  }
  return ms >= MIN_APPROVAL_TTL_MS && ms <= MAX_APPROVAL_TTL_MS;
}

/** An absolute directory, normalised without a trailing slash; "/" would make every computed path readable. */
const readDir = z
  .string()
  .refine((d) => d.startsWith('/'), 'use an absolute directory such as /var/log')
  .transform((d) => path.posix.normalize(d).replace(/\/+$/, ''))
  .refine((d) => d !== '', 'the root directory would let a step read every file (credentials included): name the log directories instead');

const severity = z.enum(['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4']);
const DEFAULT_SEVERITY_MAP = { critical: 'SEV1', error: 'SEV2', warning: 'SEV3', info: 'SEV4' } as const;

/** Alerts in (Alertmanager, Grafana, generic JSON): src/integrations/alerts. */
export const alertsSchema = z.strictObject({
  /** OPSBRIDGE_ALERTS_TOKEN; without it the /alerts routes are off */
  token: z.string().min(16, 'OPSBRIDGE_ALERTS_TOKEN must be at least 16 characters').meta(SECRET).optional(),
  /** where alert-declared incidents come from (their origin), per platform: { console: incident, slack: C0123 } */
  channel: z.record(z.string(), z.string().min(1)).default({}),
  /** value of the `severity` label (lower-cased) → incident severity; runbooks may override */
  severityMap: z.record(z.string(), severity).default({ ...DEFAULT_SEVERITY_MAP }),
  /** for a missing or unknown severity label */
  defaultSeverity: severity.default('SEV3'),
  /** set the incident to monitoring by itself once every alert has resolved */
  autoMonitor: z.boolean().default(false),
  /** new alert incidents per minute before the rest are held in one "alert storm" message */
  maxIncidentsPerMinute: z.number().int().min(1).max(1000).default(5),
});

const webhookTarget = z.strictObject({
  name: z.string().min(1).optional(),
  url: z.string().url(),
  /** HMAC-SHA256 key for X-Opsbridge-Signature */
  secret: z.string().min(16, 'a webhook secret must be at least 16 characters').meta(SECRET),
});

/** Pages out (PagerDuty Events v2, signed outgoing webhooks): src/integrations/paging. */
export const pagingSchema = z.strictObject({
  pagerduty: z
    .strictObject({
      routingKey: z.string().min(1).meta(SECRET).optional(),
      eventsUrl: z.string().url().default('https://events.pagerduty.com'),
      /** incidents declared at these severities page at once */
      severities: z.array(severity).default(['SEV0', 'SEV1']),
    })
    .default({ eventsUrl: 'https://events.pagerduty.com', severities: ['SEV0', 'SEV1'] }),
  webhooks: z.array(webhookTarget).default([]),
});

export const configSchema = z.strictObject({
  env: z.enum(['development', 'production', 'test']).default('development'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** address the HTTP server binds: 0.0.0.0 (all IPv4 interfaces), 127.0.0.1 behind a local proxy, :: for IPv6 */
  host: z.string().min(1).default('0.0.0.0'),
  dataDir: z.string().default('.opsbridge'),
  databaseUrl: z.string().meta(SECRET).optional(),
  runbooksDir: z.string().default('runbooks'),
  commandsDir: z.string().default('commands'),
  /** environment name for rollback locks: one rollback at a time per environment */
  environment: z.string().default('production'),
  approval: approvalPolicySchema.default(approvalPolicySchema.parse({})),
  /** who may invoke which command: command name → roles; absent means anyone */
  commandAccess: z.record(z.string(), z.array(z.string())).default({}),
  rateLimit: z
    .strictObject({ perUser: z.number().int().min(1).default(10), window: duration.default('60s') })
    .default({ perUser: 10, window: '60s' }),
  exec: z
    .strictObject({
      defaultTimeout: duration.default('30s'),
      maxOutputBytes: z.number().int().min(1024).default(64 * 1024),
      concurrency: z.number().int().min(1).max(32).default(4),
      /** environment variable names passed through to steps */
      envAllowlist: z.array(z.string()).default(['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'USER', 'SHELL', 'TMPDIR']),
      /** extra variables for steps only, e.g. read-only diagnostic credentials */
      stepEnv: z.record(z.string(), z.string().meta(SECRET)).default({}),
      cwd: z.string().optional(),
      /** directories a diagnostic may read through a path computed at run time ("/var/log/$SERVICE.log") */
      readDirs: z.array(readDir).min(1).default(['/var/log']),
    })
    .default({ defaultTimeout: '30s', maxOutputBytes: 65536, concurrency: 4, envAllowlist: ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'USER', 'SHELL', 'TMPDIR'], stepEnv: {}, readDirs: ['/var/log'] }),
  /** extra secret values (or env var names holding them) to redact */
  redact: z.strictObject({ values: z.array(z.string().meta(SECRET)).default([]), envNames: z.array(z.string()).default([]) }).default({ values: [], envNames: [] }),
  rollback: z
    .strictObject({
      runbook: z.string().default('rollback'),
      /** shell command listing known versions, one per line */
      versionsCommand: z.string().default("git tag --list 'v*'"),
    })
    .default({ runbook: 'rollback', versionsCommand: "git tag --list 'v*'" }),
  health: z
    .strictObject({ probes: z.array(probeSchema).default([]), vendors: z.array(vendorStatusSchema).default([]) })
    .default({ probes: [], vendors: [] }),
  console: z
    .strictObject({
      users: z
        .record(z.string(), z.array(z.string()))
        .default({ alice: ['oncall'], bob: ['approver'], carol: ['approver'] }),
      defaultUser: z.string().default('alice'),
      channel: z.string().default('incident'),
    })
    .default({ users: { alice: ['oncall'], bob: ['approver'], carol: ['approver'] }, defaultUser: 'alice', channel: 'incident' }),
  slack: z
    .strictObject({
      botToken: z.string().startsWith('xoxb-', 'SLACK_BOT_TOKEN must start with xoxb-').meta(SECRET).optional(),
      appToken: z.string().startsWith('xapp-', 'SLACK_APP_TOKEN must start with xapp- (an app-level token)').meta(SECRET).optional(),
      signingSecret: z.string().meta(SECRET).optional(),
      apiUrl: z.string().url().optional(),
      /** channel ids where commands are accepted; empty means any */
      channels: z.array(z.string()).default([]),
      approverGroups: z.array(z.string()).default([]),
      approverUsers: z.array(z.string()).default([]),
    })
    .default({ channels: [], approverGroups: [], approverUsers: [] }),
  discord: z
    .strictObject({
      token: z.string().meta(SECRET).optional(),
      applicationId: z.string().optional(),
      guildId: z.string().optional(),
      apiUrl: z.string().url().optional(),
      channels: z.array(z.string()).default([]),
      /** role ids (snowflakes) whose holders may approve; checked in src/adapters/discord/approver-config.ts */
      approverRoles: z.array(z.string()).default([]),
      /** user ids (snowflakes) who may approve */
      approverUsers: z.array(z.string()).default([]),
    })
    .default({ channels: [], approverRoles: [], approverUsers: [] }),
  stripe: z
    .strictObject({
      secretKey: z.string().meta(SECRET).optional(),
      webhookSecret: z.string().meta(SECRET).optional(),
      apiUrl: z.string().url().optional(),
      /** requests per second */
      rate: z.number().positive().max(100).default(20),
      concurrency: z.number().int().min(1).max(64).default(8),
      /** default destination: a we_... endpoint id (stripe mode) or a URL (direct mode) */
      endpoint: z.string().optional(),
      directUrl: z.string().url().optional(),
    })
    .default({ rate: 20, concurrency: 8 }),
  statuspage: z
    .strictObject({
      apiKey: z.string().meta(SECRET).optional(),
      pageId: z.string().optional(),
      apiUrl: z.string().url().default('https://api.statuspage.io'),
      /** opsbridge component name → Statuspage component id */
      components: z.record(z.string(), z.string()).default({}),
      /** built-in page components (names) */
      builtinComponents: z.array(z.string()).default(['API', 'Dashboard', 'Webhooks', 'Discord bot', 'Email']),
      pageName: z.string().default('Service status'),
      builtin: z.boolean().default(true),
      /** public communication is approval-gated unless turned off */
      requireApproval: z.boolean().default(true),
    })
    .default({ apiUrl: 'https://api.statuspage.io', components: {}, builtinComponents: ['API', 'Dashboard', 'Webhooks', 'Discord bot', 'Email'], pageName: 'Service status', builtin: true, requireApproval: true }),
  alerts: alertsSchema.default(alertsSchema.parse({})),
  paging: pagingSchema.default(pagingSchema.parse({})),
  incidents: incidentsConfigSchema.default(DEFAULT_INCIDENTS_CONFIG),
});

export type Config = z.infer<typeof configSchema>;
export type ApprovalPolicyConfig = z.infer<typeof approvalPolicySchema>;
export type ProbeConfig = z.infer<typeof probeSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
export type PagingConfig = z.infer<typeof pagingSchema>;
