/**
 * The bot's logger: pino, JSON lines in production (for log shippers), pino-pretty on a terminal.
 * Every line passes through the redactor on its way out, whatever was logged — a message, an
 * error's stack, a nested request object — so a secret cannot reach the logs by a forgotten field.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { Redactor } from './redact/types.js';

export interface LoggerOptions {
  level: string;
  /** human-readable output; defaults to true when writing to a terminal */
  pretty?: boolean;
  redactor?: Redactor;
  /** where lines go; stdout by default */
  destination?: NodeJS.WritableStream;
  /** also given every redacted line at level error or fatal (error reporting, e.g. Sentry) */
  onErrorLine?: (line: string) => void;
}

export function createLogger(opts: LoggerOptions): Logger {
  const target: NodeJS.WritableStream | DestinationStream = opts.destination ?? pino.destination({ dest: 1, sync: true });
  const usePretty = opts.pretty ?? (opts.destination === undefined && process.stdout.isTTY === true);
  // pino-pretty only on a terminal: a production process never loads it.
  const pretty = usePretty ? (createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty) : undefined;
  const sink = pretty
    ? pretty({ destination: target, sync: true, colorize: opts.destination === undefined && pretty.isColorSupported, ignore: 'pid,hostname' })
    : target;
  const redactor = opts.redactor;
  // redact the serialized JSON line: that also covers fields pino's path-based `redact` would not know about
  const stream: DestinationStream = {
    write: (line: string) => {
      const out = redactor ? redactor.redact(line) : line;
      sink.write(out);
      if (opts.onErrorLine && Number(/"level":(\d+)/.exec(out)?.[1]) >= 50) opts.onErrorLine(out);
    },
  };
  return pino({ level: opts.level }, stream);
}
