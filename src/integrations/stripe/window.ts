/**
 * The replay window: `since` and `until` as durations ago (30m, 2h, 3d) or ISO timestamps.
 * Stripe keeps events 30 days, so a window reaching further back cannot be listed completely:
 * that is an error, not a silent clamp, because the operator would believe they replayed everything.
 */
import { parseDuration } from '../../core/duration.js';
import { OpsError } from '../../core/errors.js';

export const STRIPE_RETENTION_MS = 30 * 86_400_000;

export interface ReplayWindow {
  /** unix seconds, inclusive (Stripe's created[gte]) */
  since: number;
  /** unix seconds, inclusive (Stripe's created[lte]) */
  until: number;
}

// Date, or date and time with optional seconds, fraction and zone. A time without a zone is UTC:
// operators in different zones pasting the same timestamp into chat must mean the same instant.
const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A duration ago or an ISO timestamp → epoch milliseconds. */
export function parseInstant(value: string, now: number, label: string): number {
  const text = value.trim();
  if (/^\d+(?:\.\d+)?\s*(ms|s|m|h|d)$/.test(text)) return now - parseDuration(text);
  if (text === 'now') return now;
  const m = ISO.exec(text);
  if (m) {
    const [, date, time, zone] = m;
    const ms = Date.parse(time ? `${date}T${time}${zone ?? 'Z'}` : `${date}T00:00:00Z`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new OpsError(
    'STRIPE_BAD_TIME',
    `${label} "${value}" is not a time: use a duration ago (30m, 2h, 3d) or an ISO timestamp (2026-01-01T12:00:00Z)`,
  );
}

export function parseWindow(input: { since?: string; until?: string }, now: number): ReplayWindow {
  if (!input.since) throw new OpsError('STRIPE_BAD_TIME', 'a start of the window is required, e.g. since 2h');
  const sinceMs = parseInstant(input.since, now, 'since');
  // A future `until` is harmless (nothing is there yet): cap it at now so summaries read sensibly.
  const untilMs = Math.min(input.until ? parseInstant(input.until, now, 'until') : now, now);
  if (untilMs < sinceMs) {
    throw new OpsError(
      'STRIPE_BAD_WINDOW',
      `until (${new Date(untilMs).toISOString()}) is before since (${new Date(sinceMs).toISOString()})`,
    );
  }
  if (sinceMs < now - STRIPE_RETENTION_MS) {
    throw new OpsError(
      'STRIPE_WINDOW_TOO_OLD',
      `since ${new Date(sinceMs).toISOString()} is more than 30 days ago; Stripe keeps events for 30 days, so older failures cannot be listed or replayed`,
    );
  }
  return { since: Math.floor(sinceMs / 1000), until: Math.floor(untilMs / 1000) };
}
