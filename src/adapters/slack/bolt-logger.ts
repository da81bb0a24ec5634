/**
 * Bolt and its WebClient log through @slack/logger's interface; this routes them into the
 * bot's pino logger so there is one log stream with one level setting.
 */
import type { Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

import { LogLevel } from './bolt-modules.js';

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  const fmt = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(fmt(msg)),
    info: (...msg: unknown[]) => log.info(fmt(msg)),
    warn: (...msg: unknown[]) => log.warn(fmt(msg)),
    error: (...msg: unknown[]) => log.error(fmt(msg)),
    // pino owns the level; Bolt's setters are accepted and ignored.
    setLevel: () => undefined,
    getLevel: () => ({ trace: LogLevel.DEBUG, debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN } as Record<string, BoltLogLevel>)[log.level] ?? LogLevel.ERROR,
    setName: () => undefined,
  };
}
