/**
 * The bot's own errors to Sentry (or any service speaking its protocol) when SENTRY_DSN is set.
 * @sentry/node is loaded only then, so a bot without it never pays for it. Only errors are sent:
 * uncaught exceptions, unhandled rejections and every line the bot logs at error level, with no
 * performance tracing and no default PII. Every event passes the one redactor on its way out
 * (serialised, masked, parsed back); an event that cannot be masked is dropped, never sent raw.
 */
import type { ErrorEvent, EventHint, Breadcrumb } from '@sentry/node';

import type { AsyncRedactor } from '../../core/redact/redact.js';

export interface ErrorReporter {
  /** an error the bot caught and handled, with what it was doing */
  capture(err: unknown, context?: Record<string, unknown>): void;
  /** a JSON log line at error level or above (already redacted by the logger) */
  captureLogLine(line: string): void;
  /** send what is queued; false if it did not finish within `timeoutMs` */
  flush(timeoutMs?: number): Promise<boolean>;
  close(timeoutMs?: number): Promise<void>;
}

export interface ReporterOptions {
  dsn: string;
  redactor: AsyncRedactor;
  environment?: string;
  release?: string;
}

export async function startErrorReporting(opts: ReporterOptions): Promise<ErrorReporter> {
  const Sentry = await import('@sentry/node');
  const redactEvent = async (event: ErrorEvent): Promise<ErrorEvent | null> => {
    try {
      return JSON.parse(await opts.redactor.redactAsync(JSON.stringify(event))) as ErrorEvent;
    } catch {
      return null;
    }
  };
  const redactCrumb = (crumb: Breadcrumb): Breadcrumb | null => {
    try {
      return JSON.parse(opts.redactor.redact(JSON.stringify(crumb))) as Breadcrumb;
    } catch {
      return null;
    }
  };
  Sentry.init({
    dsn: opts.dsn,
    ...(opts.environment ? { environment: opts.environment } : {}),
    ...(opts.release ? { release: opts.release } : {}),
    // No auto-instrumentation (HTTP, databases): only the errors we choose to send.
    defaultIntegrations: false,
    integrations: [Sentry.onUncaughtExceptionIntegration(), Sentry.onUnhandledRejectionIntegration({ mode: 'warn' }), Sentry.linkedErrorsIntegration()],
    sendDefaultPii: false,
    tracesSampleRate: 0,
    beforeSend: (event: ErrorEvent, _hint: EventHint) => redactEvent(event),
    beforeBreadcrumb: (crumb: Breadcrumb) => redactCrumb(crumb),
  });
  return {
    capture(err, context) {
      Sentry.captureException(err, context ? { extra: context } : undefined);
    },
    captureLogLine(line) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      const { err, msg, level: _level, time: _time, pid: _pid, hostname: _host, ...extra } = entry;
      const logged = err as { type?: string; message?: string; stack?: string } | undefined;
      const error = new Error(logged?.message ? `${String(msg ?? '')}: ${logged.message}` : String(msg ?? 'error'));
      if (logged?.type) error.name = logged.type;
      if (logged?.stack) error.stack = logged.stack;
      Sentry.captureException(error, { extra: { ...extra, log: msg } });
    },
    flush: (timeoutMs = 2000) => Sentry.flush(timeoutMs),
    async close(timeoutMs = 2000) {
      await Sentry.close(timeoutMs);
    },
  };
}
