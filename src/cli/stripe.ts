/**
 * `opsbridge stripe replay --since 2h [--until T] [--type P]... [--mode stripe|direct]
 *  [--endpoint we_...|URL] [--rate N] [--dry-run] [--yes] [--json] [--config FILE]`
 *
 * Always shows the dry run first. Without --yes it asks on a terminal and refuses otherwise:
 * re-delivery has side effects in the receiving app, so a script must say so explicitly.
 * --yes stands in for the chat approval and is recorded in the audit log with the local user.
 * Ctrl-C cancels cleanly (in-flight deliveries finish and are recorded); run again to resume.
 * Exit: 0 all delivered, 1 failures/stopped/errors, 2 usage or refused, 130 cancelled.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';

import { redactorFor } from '../config/config-redactor.js';
import { readConfig } from '../config/read-config.js';
import { redactingAuditLog } from '../core/audit/redacting-audit.js';
import { createAuditLog } from '../core/audit/audit-log.js';
import { systemClock } from '../core/clock.js';
import { progressLine, reportText, summaryText } from '../integrations/stripe/report.js';
import { openReplaySession, planReplay } from '../integrations/stripe/replay-session.js';
import { openStore } from '../store/open-store.js';

export const USAGE = `usage: opsbridge stripe replay --since 2h [--until T] [--type PATTERN]... [--mode stripe|direct]
                               [--endpoint we_...|URL] [--rate N] [--dry-run] [--yes] [--json] [--config FILE]
  times: a duration ago (30m, 2h, 3d) or an ISO timestamp (UTC unless a zone is given); Stripe keeps 30 days
  env:   STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET (direct), STRIPE_API_URL, STRIPE_REPLAY_RATE, OPSBRIDGE_DATA_DIR`;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return sub ? 0 : 2;
  }
  if (sub !== 'replay') return usageError(`unknown subcommand "${sub}"`);
  let args;
  try {
    args = parseArgs({
      args: rest,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        type: { type: 'string', multiple: true },
        mode: { type: 'string' },
        endpoint: { type: 'string' },
        rate: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' },
        config: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    return usageError((err as Error).message);
  }
  if (!args.since) return usageError('--since is required (e.g. --since 2h)');

  const config = await readConfig(process.env, args.config);
  // what this command prints, stores and audits passes the same redactor as the bot's
  const redactor = redactorFor(config, process.env);
  const out = (text: string) => process.stdout.write(redactor.redact(text));
  const err = (text: string) => process.stderr.write(redactor.redact(text));
  const stripeConfig = { ...config.stripe };
  if (args.rate !== undefined) {
    const rate = Number(args.rate);
    if (!(rate > 0 && rate <= 100)) return usageError(`--rate "${args.rate}" must be a number of requests per second in (0, 100]`);
    stripeConfig.rate = rate;
  }
  const plan = planReplay(
    { since: args.since, ...(args.until ? { until: args.until } : {}), ...(args.type ? { type: args.type } : {}), ...(args.mode ? { mode: args.mode } : {}), ...(args.endpoint ? { endpoint: args.endpoint } : {}) },
    stripeConfig,
    systemClock.now(),
  );

  const store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), redactor });
  const ac = new AbortController();
  const onSignal = () => ac.abort(new Error('cancelled (interrupt)'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Waits below sit on unref'd timers; this keeps the process alive until the replay settles.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    const session = openReplaySession(plan, { config: stripeConfig, db: store.db, clock: systemClock, signal: ac.signal });
    const summary = await session.dryRun();
    if (!args.json || !args.yes) err(`${summaryText(plan, summary)}\n`);
    if (args['dry-run'] || summary.toDeliver === 0) {
      if (args.json) out(`${JSON.stringify({ plan, dryRun: summary })}\n`);
      else if (summary.toDeliver === 0) out('nothing to replay\n');
      return 0;
    }

    const user = localUser();
    let via: string;
    if (args.yes) via = '--yes';
    else if (process.stdin.isTTY) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      const answer = await rl.question(`Replay ${summary.toDeliver} events? [y/N] `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        err('not confirmed: nothing replayed\n');
        return 1;
      }
      via = 'prompt';
    } else {
      err('refusing to replay without confirmation: stdin is not a terminal. Review the dry run above and pass --yes.\n');
      return 2;
    }
    const audit = redactingAuditLog(createAuditLog(store.db, systemClock), redactor);
    const subject = plan.destinationKey;
    await audit.append({ actor: `cli:${user}`, action: 'stripe.replay.approved', subject, data: { via, window: plan.window, filter: plan.filter, toDeliver: summary.toDeliver } });

    const report = await session.run({
      expectedTotal: summary.total,
      onProgress: (p) => err(`${progressLine(p)}\n`),
    });
    await audit.append({
      actor: `cli:${user}`,
      action: 'stripe.replay.finished',
      subject,
      data: { delivered: report.delivered, skipped: report.skipped, failed: report.failed, cancelled: report.cancelled, ...(report.stopped ? { stopped: report.stopped.code } : {}) },
    });
    out(args.json ? `${JSON.stringify({ plan, dryRun: summary, report })}\n` : `${reportText(report)}\n`);
    if (report.cancelled) return 130;
    return report.failed > 0 || report.stopped ? 1 : 0;
  } finally {
    clearInterval(keepAlive);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
}

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function usageError(message: string): number {
  process.stderr.write(`opsbridge stripe: ${message}\n${USAGE}\n`);
  return 2;
}
