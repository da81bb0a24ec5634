/**
 * createBot wires the platform-neutral core: poster (redaction, coalescing), approvals, runs and
 * the dispatcher. Adapters hand events to `handlers`; nothing here knows a platform.
 */
import type { ChatAdapter, ChatHandlers, Invocation } from './chat.js';
import type { Bot, BotOptions } from './bot-contract.js';
import { ApprovalService } from './approvals/approval-service.js';
import type { ApprovalRow } from './approvals/approval-repo.js';
import { leaseName } from './approvals/execution.js';
import { Dispatcher } from './commands/dispatcher.js';
import { pidOfReplica, processAlive } from './process-alive.js';
import { acquireLock, releaseLock } from './locks.js';
import { Poster } from './poster.js';
import { resumeRun } from './runs/resume-run.js';
import { RunEngine } from './runs/run-engine.js';
import { recoverRuns } from './runs/run-recovery.js';
import { healthReport } from './runs/health-after.js';
import { IncidentService } from './incidents/incident-service.js';
import { IncidentDesk } from './incidents/incident-desk.js';
import { validateParams } from './runbook/params.js';

const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TTL_MS = 30_000;

export interface CoreBot extends Bot {
  readonly poster: Poster;
  readonly approvals: ApprovalService;
  readonly engine: RunEngine;
  readonly dispatcher: Dispatcher;
  readonly incidents: IncidentService;
  readonly incidentDesk: IncidentDesk;
}

export function createBot({ services, adapters, commands }: BotOptions): CoreBot {
  // Incidents first: every audit append from here on is projected onto incident timelines.
  const incidents = new IncidentService({ store: services.store, audit: services.audit, clock: services.clock, redactor: services.redactor, defaultSeverity: services.config.incidents.defaultSeverity });
  services.audit = incidents.tap(services.audit);
  services.incidents = incidents;
  const adapterMap = new Map<string, ChatAdapter>(adapters.map((a) => [a.platform, a]));
  const poster = new Poster(adapterMap, services.redactor, services.clock);
  const approvals = new ApprovalService(services, poster);
  const engine = new RunEngine(services, poster, approvals);
  const runs = (inv: Invocation) => ({
    start: (runbook: Parameters<RunEngine['start']>[1], opts: Omit<Parameters<RunEngine['start']>[2], 'params'> & { params: Record<string, string> }) =>
      engine.start(inv, runbook, { ...opts, params: validateParams(runbook.params, opts.params) }),
    resume: (runbook: Parameters<RunEngine['start']>[1], from: number) => resumeRun(engine, services, poster, inv, runbook.id, from),
  });
  engine.onFinished(async (run) => {
    const args = JSON.parse(run.args) as { healthAfter?: boolean };
    if (!args.healthAfter) return;
    await poster.post({ platform: run.platform, id: run.channel_id }, await healthReport(services), { thread: run.thread_id ?? undefined });
  });
  const incidentDesk = new IncidentDesk({
    service: incidents,
    poster,
    adapters: adapterMap,
    config: services.config.incidents,
    clock: services.clock,
    logger: services.logger,
    startRun: (inv, runbook, opts) => runs(inv).start(runbook, opts),
    observeResolved: (severity, seconds) => services.metrics?.incidentResolve.observe({ severity }, seconds),
  });
  services.incidentDesk = incidentDesk;
  services.metrics?.setIncidentCounts?.(() => incidents.repo.counts());
  const dispatcher = new Dispatcher(services, poster, approvals, runs, commands);
  for (const spec of commands) for (const [kind, executor] of Object.entries(spec.executors ?? {})) approvals.register(kind, executor);

  const inFlight = new Set<Promise<unknown>>();
  let accepting = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    const done = () => inFlight.delete(p);
    p.then(done, done);
    return p;
  };
  const log = services.logger;

  const handlers: ChatHandlers = {
    async onInvocation(inv) {
      if (!accepting) {
        await poster.notify(inv.actor, inv.channel, 'opsbridge is shutting down and not taking commands; try again in a moment.').catch(() => undefined);
        return;
      }
      await track(dispatcher.dispatch(inv));
    },
    async onReaction(reaction) {
      await track(
        (async () => {
          if (await approvals.onReaction(reaction)) return;
          for (const spec of commands) if (spec.interactions && (await spec.interactions({ reaction }, services))) return;
          await approvals.strayVote(reaction);
        })().catch((err) => log.error({ err }, 'reaction handling failed')),
      );
    },
    async onAction(action) {
      await track(
        (async () => {
          if (await approvals.onAction(action)) return;
          for (const spec of commands) if (spec.interactions && (await spec.interactions({ action }, services))) return;
        })().catch((err) => log.error({ err }, 'action handling failed')),
      );
    },
  };

  const replicaLock = (id: string) => `replica:${id}`;
  const lockAlive = async (name: string): Promise<boolean> => {
    const lock = await services.store.db.selectFrom('locks').select('expires_at').where('name', '=', name).executeTakeFirst();
    return lock !== undefined && Date.parse(lock.expires_at) > services.clock.now();
  };
  /**
   * Is the replica that owns an execution or a run gone? Its heartbeat lock lapsed; or, on SQLite
   * (one machine), the process whose pid starts its id no longer runs, so a restart after a crash
   * recovers at once instead of waiting out the lock, while a second live process on the same
   * file (a console beside `start`) keeps its own runs.
   */
  const pidGone = (owner: string): boolean => {
    const pid = services.store.dialect === 'sqlite' ? pidOfReplica(owner) : undefined;
    return pid !== undefined && pid !== process.pid && !processAlive(pid);
  };
  const replicaGone = async (owner: string): Promise<boolean> => pidGone(owner) || !(await lockAlive(replicaLock(owner)));
  /** An execution is orphaned when its replica is gone or stopped renewing its lease. */
  const isOrphan = async (row: ApprovalRow): Promise<boolean> => {
    if (!row.executor) return true;
    if (row.executor === services.replicaId) return false;
    return (await replicaGone(row.executor)) || !(await lockAlive(leaseName(row.id)));
  };
  const isRunOrphan = async (owner: string | null): Promise<boolean> => owner !== null && owner !== services.replicaId && (await replicaGone(owner));
  /** Another replica heartbeating on this store (its pending requests are its own to post). */
  const othersAlive = async (): Promise<boolean> => {
    const locks = await services.store.db.selectFrom('locks').select(['name', 'expires_at']).where('name', 'like', 'replica:%').execute();
    // A fresh lock is a heartbeat: only the pid can still say its process is gone.
    return locks.some((l) => l.name !== replicaLock(services.replicaId) && Date.parse(l.expires_at) > services.clock.now() && !pidGone(l.name.slice('replica:'.length)));
  };

  const beat = () => acquireLock(services.store.db, replicaLock(services.replicaId), services.replicaId, HEARTBEAT_TTL_MS, services.clock.now());

  return {
    poster,
    approvals,
    engine,
    dispatcher,
    incidents,
    incidentDesk,
    handlers,
    async start() {
      await beat();
      // Events appended before a crash but not yet on a timeline are projected now.
      await incidents.project();
      incidentDesk.start();
      // Every replica heartbeats, SQLite ones too: two processes may share one SQLite file.
      heartbeat = setInterval(() => {
        beat()
          .then(() => approvals.recovery.sweep(isOrphan))
          .then(() => recoverRuns(engine, services, isRunOrphan))
          .catch((err) => log.warn({ err }, 'replica heartbeat failed'));
      }, HEARTBEAT_MS);
      heartbeat.unref();
      // Adapters that look role membership up (Slack user groups) learn the ids runbooks name.
      const runbookRoles = services.runbooks.all().flatMap((rb) => rb.approval?.roles ?? []);
      for (const adapter of adapters) adapter.watchRoles?.(runbookRoles);
      for (const adapter of adapters) await adapter.start(handlers);
      accepting = true;
      // Alone on a SQLite file, a request that never got its message was left by a dead process: post it now.
      const alone = services.store.dialect === 'sqlite' && !(await othersAlive());
      const { resumed, interrupted } = await approvals.resume(isOrphan, alone);
      const closedRuns = await recoverRuns(engine, services, isRunOrphan);
      log.info({ resumed, interrupted, closedRuns, adapters: adapters.map((a) => a.platform) }, 'opsbridge core started');
    },
    async stop() {
      accepting = false;
      if (heartbeat) clearInterval(heartbeat);
      await incidentDesk.stop();
      await approvals.stop();
      await incidents.idle();
      await Promise.allSettled([...inFlight]);
      await poster.flush();
      for (const adapter of adapters) await adapter.stop().catch((err) => log.warn({ err, platform: adapter.platform }, 'adapter stop failed'));
      await releaseLock(services.store.db, replicaLock(services.replicaId), services.replicaId).catch(() => undefined);
    },
    async idle() {
      for (;;) {
        await Promise.allSettled([...inFlight]);
        await approvals.idle();
        await incidents.idle();
        if (inFlight.size === 0) break;
      }
      await poster.flush();
    },
  };
}
