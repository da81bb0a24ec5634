/**
 * Last-resort handlers for errors nothing awaited. A stray rejection (a fire-and-forget
 * refresh, an SDK callback) is logged with its stack and the bot keeps running: every piece
 * of state lives in the store, so one failed background task leaves nothing half-written that
 * a restart would not find. An uncaught exception means the process itself may be inconsistent:
 * it is logged, `onFatal` runs (this replica's running steps are interrupted through the approval
 * service, their processes killed, runs closed), and the process exits 1 for its supervisor.
 */
import type { Logger } from 'pino';

export interface ProcessGuardOptions {
  logger: Logger;
  /** best-effort cleanup before exiting on an uncaught exception */
  onFatal?: () => Promise<void>;
  /** longest the cleanup may take (default 10 s) */
  fatalTimeoutMs?: number;
  exit?: (code: number) => void;
}

export function installProcessGuards(opts: ProcessGuardOptions): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let dying = false;
  const onRejection = (reason: unknown) => {
    opts.logger.error({ err: reason }, 'unhandled promise rejection (the bot keeps running; this is a bug worth reporting)');
  };
  const onException = (err: Error) => {
    opts.logger.fatal({ err }, 'uncaught exception: stopping this process');
    if (dying) return;
    dying = true;
    const cleanup = opts.onFatal ? opts.onFatal().catch((e: unknown) => opts.logger.error({ err: e }, 'cleanup after an uncaught exception failed')) : Promise.resolve();
    const timeout = new Promise<void>((r) => setTimeout(r, opts.fatalTimeoutMs ?? 10_000).unref());
    void Promise.race([cleanup, timeout]).finally(() => exit(1));
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
