import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import pino from 'pino';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';

import { createSlackAdapter } from '../../src/adapters/slack/index.js';
import { runSlackCli } from '../../src/cli/slack.js';
import { ManualClock } from '../../src/core/clock.js';

const defineUrl = pathToFileURL(path.resolve('src/core/commands/define-command.ts')).href;

function io(env: Record<string, string> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { env, cwd, out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

/**
 * The fields Slack's app manifest schema requires (api.slack.com/reference/manifests), with the
 * rules that apply when the app is not in Socket Mode: every command, the event subscription and
 * interactivity need a request URL.
 */
const command = z.object({ command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/), description: z.string().min(1).max(2000), usage_hint: z.string().max(1000).optional(), url: z.url().optional(), should_escape: z.boolean() }).strict();
const manifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140).optional() }).strict(),
  features: z.object({ bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }).strict(), slash_commands: z.array(command).max(50) }).strict(),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }).strict() }).strict(),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.url().optional(), bot_events: z.array(z.string()) }).strict(),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.url().optional() }).strict(),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }).strict(),
}).strict();

function checkManifest(m: unknown): z.infer<typeof manifestSchema> {
  const parsed = manifestSchema.parse(m);
  if (!parsed.settings.socket_mode_enabled) {
    expect(parsed.settings.event_subscriptions.request_url, 'HTTP mode needs an events request_url').toBeDefined();
    expect(parsed.settings.interactivity.request_url, 'HTTP mode needs an interactivity request_url').toBeDefined();
    for (const c of parsed.features.slash_commands) expect(c.url, `${c.command} needs a url in HTTP mode`).toBeDefined();
  }
  return parsed;
}

/** The routes an HTTP-mode Slack adapter really mounts on the bot's server. */
function servedPaths(): string[] {
  const { routes } = createSlackAdapter({
    config: { botToken: 'xoxb-test', signingSecret: 'secret', apiUrl: 'http://127.0.0.1:9/api/', channels: [], approverGroups: [], approverUsers: [] },
    approval: { quorum: 1, allowSelfApproval: false, ttl: '15m', approveEmoji: ['white_check_mark'], rejectEmoji: ['x'], approverRoles: [], approverUsers: [] },
    commands: [],
    logger: pino({ level: 'silent' }),
    clock: new ManualClock(),
  });
  return routes.map((r) => r.path);
}

function manifestUrls(m: z.infer<typeof manifestSchema>): string[] {
  return [m.settings.event_subscriptions.request_url!, m.settings.interactivity.request_url!, ...m.features.slash_commands.map((c) => c.url!)];
}

describe('opsbridge slack manifest', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-slack-cli-'));
    await writeFile(
      path.join(dir, 'incident.ts'),
      `import { defineCommand } from '${defineUrl}';\nexport default defineCommand({ name: 'incident', description: 'Run an incident runbook', usage: '<topic> [step:N]', runbook: 'db' });\n`,
    );
    await writeFile(path.join(dir, 'health.ts'), `import { defineCommand } from '${defineUrl}';\nexport default defineCommand({ name: 'health', description: 'Probe services', handler: async () => {} });\n`);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a Socket Mode app manifest with every command, the scopes, the event and interactivity', async () => {
    const t = io();
    expect(await runSlackCli(['manifest', '--commands', dir], t.io)).toBe(0);
    const m = checkManifest(parse(t.out.join('')));
    expect(m.features.slash_commands).toEqual([
      { command: '/health', description: 'Probe services', should_escape: false },
      { command: '/incident', description: 'Run an incident runbook', usage_hint: '<topic> [step:N]', should_escape: false },
    ]);
    expect(m.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'reactions:read', 'usergroups:read', 'users:read', 'channels:manage', 'channels:history', 'pins:write', 'files:write']);
    expect(m.settings.event_subscriptions.bot_events).toEqual(['reaction_added']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.display_information.name).toBe('opsbridge');
    expect(m.features.bot_user.display_name).toBe('opsbridge');
  });

  it('points everything at /slack/events for an HTTP-mode app', async () => {
    const t = io();
    expect(await runSlackCli(['manifest', `--commands=${dir}`, '--request-url', 'https://ops.example.com/', '--name', 'ops-bot'], t.io)).toBe(0);
    const m = checkManifest(parse(t.out.join('')));
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.settings.event_subscriptions.request_url).toBe('https://ops.example.com/slack/events');
    expect(m.settings.interactivity.request_url).toBe('https://ops.example.com/slack/events');
    expect(m.features.slash_commands.map((c) => c.url)).toEqual(['https://ops.example.com/slack/events', 'https://ops.example.com/slack/events']);
    expect(m.display_information.name).toBe('ops-bot');
  });

  it.each([
    ['the README\'s events URL', 'https://bot.example.com/slack/events', 'https://bot.example.com/slack/events'],
    ['the events URL with a trailing slash', 'https://bot.example.com/slack/events/', 'https://bot.example.com/slack/events'],
    ['a base URL', 'https://bot.example.com', 'https://bot.example.com/slack/events'],
    ['a base URL under a proxy prefix', 'https://example.com/opsbridge/', 'https://example.com/opsbridge/slack/events'],
  ])('with %s, every URL is the one route the bot serves', async (_what, given, expected) => {
    const t = io();
    expect(await runSlackCli(['manifest', '--commands', dir, '--request-url', given], t.io)).toBe(0);
    const m = checkManifest(parse(t.out.join('')));
    expect(m.settings.socket_mode_enabled).toBe(false);
    const urls = manifestUrls(m);
    expect(urls).toHaveLength(4);
    for (const url of urls) expect(url).toBe(expected);
    const served = servedPaths();
    for (const url of urls) expect(served.some((p) => new URL(url).pathname.endsWith(p))).toBe(true);
  });

  it('reads the commands directory from OPSBRIDGE_COMMANDS_DIR', async () => {
    const t = io({ OPSBRIDGE_COMMANDS_DIR: dir });
    expect(await runSlackCli(['manifest'], t.io)).toBe(0);
    expect(parse(t.out.join('')).features.slash_commands).toHaveLength(2);
  });

  it('explains bad usage with exit code 2', async () => {
    const t = io();
    expect(await runSlackCli(['manifesto'], t.io)).toBe(2);
    expect(await runSlackCli(['manifest', '--bogus'], t.io)).toBe(2);
    expect(await runSlackCli(['manifest', '--request-url', 'ftp://x'], t.io)).toBe(2);
    expect(t.err.join('')).toContain('usage: opsbridge slack manifest');
    expect(t.out).toEqual([]);
  });

  it('names the broken command file instead of printing a partial manifest', async () => {
    await writeFile(path.join(dir, 'broken.ts'), `export default { name: 'Bad Name' };\n`);
    const t = io();
    await expect(runSlackCli(['manifest', '--commands', dir], t.io)).rejects.toThrow(/broken\.ts/);
    expect(t.out).toEqual([]);
  });
});
