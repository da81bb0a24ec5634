/**
 * Wires alerts into a running bot: the inbox and its HTTP routes, the processor on the real
 * incident service and run engine, storm buttons, and the resume of notifications a crash left
 * unprocessed. `start` and `console` both mount it, so a scripted console receives alerts too.
 */
import type { CoreBot } from '../../core/bot.js';
import type { TimerHandle } from '../../core/clock.js';
import type { Services } from '../../core/services.js';
import type { HttpRoute } from '../../http/route.js';
import { AlertGroups } from './alert-groups.js';
import { AlertInbox } from './alert-inbox.js';
import { alertIncidents } from './alert-incidents.js';
import { alertOrigin } from './alert-origin.js';
import { AlertProcessor, type AlertProcessorDeps } from './alert-processor.js';
import { AlertRuns } from './alert-runs.js';
import { sqliteClaimantGone, type ClaimantGone } from './claimant-gone.js';
import { alertRoutes } from './alert-routes.js';
import { AlertStorm } from './alert-storm.js';

const REPLICA_TTL_GRACE_MS = 30_000;
const SWEEP_MS = 30_000;

export interface AlertsRuntime {
  routes: HttpRoute[];
  processor: AlertProcessor;
  inbox: AlertInbox;
  /** after bot.start(): hand back work a dead process left, then process everything pending */
  resume(): Promise<void>;
  /** resolves when no notification is being processed and no alert run is in flight */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface WireAlertsOptions {
  /** fault injection for tests: once an alert's incident and its run marker are stored, before its channel opens */
  afterDeclared?: AlertProcessorDeps['afterDeclared'];
  /** fault injection for tests: once its channel is open, before the summary and the run */
  afterOpened?: AlertProcessorDeps['afterOpened'];
}

export function wireAlerts(bot: CoreBot, services: Services, options: WireAlertsOptions = {}): AlertsRuntime {
  const { store, clock, config, logger } = services;
  const now = () => clock.now();
  const inbox = new AlertInbox(store.db, now, services.replicaId);
  const groups = new AlertGroups(store.db, now);
  const storm = new AlertStorm(store.db, bot.poster, clock, config.alerts.maxIncidentsPerMinute);
  const tracked = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    tracked.add(p);
    const done = () => tracked.delete(p);
    p.then(done, done);
    return p;
  };
  const hasPlatform = (platform: string) => {
    try {
      bot.poster.adapterFor(platform);
      return true;
    } catch {
      return false;
    }
  };
  // The run an alert incident owes survives a crash between declaring and starting (alert-runs.ts).
  const runs: AlertRuns = new AlertRuns({ db: store.db, clock, me: services.replicaId, logger, start: (row) => processor.startMarked(row) });
  const processor: AlertProcessor = new AlertProcessor({
    services,
    incidents: bot.incidents,
    poster: bot.poster,
    port: alertIncidents({ desk: bot.incidentDesk, poster: bot.poster, logger, track }),
    inbox,
    groups,
    storm,
    origin: () => alertOrigin(config, hasPlatform),
    runs,
    ...(options.afterDeclared ? { afterDeclared: options.afterDeclared } : {}),
    ...(options.afterOpened ? { afterOpened: options.afterOpened } : {}),
  });
  let accepting = false;
  const routes = alertRoutes({
    token: config.alerts.token,
    inbox,
    logger,
    // Before resume() has run, stored rows wait; resume picks them up in order.
    accepted: (id) => void (accepting ? processor.enqueue(id) : undefined),
  });

  // Storm messages' Declare buttons. The bot's handlers are what adapters call, so wrapping
  // onAction here (before bot.start hands them out) is the one place a button reaches us.
  const handlers = bot.handlers as { onAction: CoreBot['handlers']['onAction'] };
  const inner = handlers.onAction.bind(bot.handlers);
  handlers.onAction = async (action) => {
    const gid = AlertStorm.declaredGroup(action);
    if (!gid) return inner(action);
    await track(
      processor.declareHeld(gid, action.actor).then(async (declared) => {
        if (!declared) await bot.poster.notify(action.actor, action.message.channel, 'That alert group was already declared (or is gone); see the storm message.');
      }),
    ).catch((err: unknown) => logger.error({ err }, 'declaring a held alert group failed'));
  };

  const isDead = async (owner: string): Promise<boolean> => {
    if (store.dialect === 'sqlite') return true;
    const lock = await store.db.selectFrom('locks').select('expires_at').where('name', '=', `replica:${owner}`).executeTakeFirst();
    return !lock || Date.parse(lock.expires_at) + REPLICA_TTL_GRACE_MS <= clock.now();
  };
  const claimantGone: ClaimantGone = store.dialect === 'postgres' ? (owner) => isDead(owner) : sqliteClaimantGone(store.db, clock);
  // Every SWEEP_MS: notifications another replica stored and could not process (it died after
  // the 202), and rows a dead replica claimed. On SQLite only pending rows: a second process on
  // the same file may be alive, and startup already reclaimed what the last run left.
  let sweeper: TimerHandle | undefined;
  let stopped = false;
  const sweep = () => {
    if (stopped) return;
    sweeper = clock.setTimeout(() => {
      void (async () => {
        if (store.dialect === 'postgres') await inbox.reclaim(isDead);
        await runs.recover(claimantGone);
        await processor.drainPending();
      })()
        .catch((err: unknown) => logger.warn({ err }, 'alert sweep failed'))
        .finally(sweep);
    }, SWEEP_MS);
  };

  return {
    routes,
    processor,
    inbox,
    async resume() {
      const reclaimed = await inbox.reclaim(isDead);
      // Diagnostics a crash kept from starting come first: they are what the responder needs.
      const started = await runs.recover(claimantGone);
      accepting = true;
      const n = await processor.drainPending();
      if (n || reclaimed || started) logger.info({ processed: n, reclaimed, runsStarted: started }, 'alert work left from before the restart was picked up');
      sweep();
    },
    async idle() {
      for (;;) {
        await processor.idle();
        await runs.idle();
        await Promise.allSettled([...tracked]);
        await bot.idle();
        if (tracked.size === 0 && !runs.busy) break;
      }
    },
    async stop() {
      accepting = false;
      stopped = true;
      if (sweeper) clock.clearTimeout(sweeper);
      await processor.idle();
    },
  };
}
