/**
 * `opsbridge alerts test <file.json> [--source alertmanager|grafana|generic] [--url URL]`: posts a
 * saved webhook payload to a running bot, the way Alertmanager or Grafana would, and says in
 * plain words what the bot answered. For people wiring alerts up; exit 0 only on 202.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../core/errors.js';
import { ALERT_SOURCES, type AlertSource } from '../integrations/alerts/types.js';
import { parseFlags, processIo, type CliIo } from './cli-io.js';

export const USAGE = 'usage: opsbridge alerts test <file.json> [--source alertmanager|grafana|generic] [--url http://127.0.0.1:8080]\n  the token comes from OPSBRIDGE_ALERTS_TOKEN';

/** Grafana payloads carry orgId/title/state; Alertmanager's carry alerts[]; anything else is generic. */
export function guessSource(body: unknown): AlertSource {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { alerts?: unknown }).alerts)) return 'generic';
  const b = body as Record<string, unknown>;
  return 'orgId' in b || 'state' in b || 'title' in b ? 'grafana' : 'alertmanager';
}

export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [sub, file, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    (sub ? io.out : io.err)(`${USAGE}\n`);
    return sub ? 0 : 2;
  }
  if (sub !== 'test' || !file || file.startsWith('-')) {
    io.err(`${sub !== 'test' ? `opsbridge alerts: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  const flags = parseFlags(rest, { source: { type: 'string' }, url: { type: 'string' } });
  if ('problem' in flags) {
    io.err(`opsbridge alerts test: ${flags.problem}\n${USAGE}\n`);
    return 2;
  }
  const token = io.env.OPSBRIDGE_ALERTS_TOKEN;
  if (!token) {
    io.err('opsbridge alerts test: set OPSBRIDGE_ALERTS_TOKEN to the token the bot was started with.\n');
    return 2;
  }
  let text: string;
  let body: unknown;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
    body = JSON.parse(text);
  } catch (err) {
    io.err(`opsbridge alerts test: cannot read ${file} as JSON: ${errorMessage(err)}\n`);
    return 2;
  }
  const source = (flags.values.source ?? guessSource(body)) as AlertSource;
  if (!ALERT_SOURCES.includes(source)) {
    io.err(`opsbridge alerts test: --source must be one of ${ALERT_SOURCES.join(', ')}\n`);
    return 2;
  }
  const base = (flags.values.url ?? `http://127.0.0.1:${io.env.PORT || 8080}`).replace(/\/+$/, '');
  const url = `${base}/alerts/${source}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: text, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    io.err(`No bot answered at ${base} (${errorMessage((err as Error).cause ?? err)}). Is it running, and is PORT right? Use --url to point elsewhere.\n`);
    return 1;
  }
  const answer = (await res.json().catch(() => ({}))) as { id?: string; alerts?: number; path?: string; message?: string };
  switch (res.status) {
    case 202:
      io.out(`Accepted as ${source}: ${answer.alerts ?? '?'} alert${answer.alerts === 1 ? '' : 's'} stored (notification ${answer.id}). Watch the alerts channel.\n`);
      return 0;
    case 400:
      io.err(`The bot could not read this ${source} payload: ${answer.message ?? `problem at ${answer.path}`}\n`);
      return 1;
    case 401:
      io.err('The bot refused the token: OPSBRIDGE_ALERTS_TOKEN here differs from the one the bot runs with.\n');
      return 1;
    case 404:
      io.err(`${url} is not there: the bot has alert webhooks off (it was started without OPSBRIDGE_ALERTS_TOKEN).\n`);
      return 1;
    case 413:
      io.err('The payload is over the 1 MiB limit. Lower max_alerts in the Alertmanager webhook config.\n');
      return 1;
    default:
      io.err(`The bot answered HTTP ${res.status}: ${answer.message ?? ''}\n`);
      return 1;
  }
}
