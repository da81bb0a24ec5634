/**
 * The dry run: one pass over the window's failed events (newest first, constant memory) that
 * counts them by type, notes the first and last, checks the ledger for ones this destination
 * already received, and estimates the duration at the configured rate.
 */
import type Stripe from 'stripe';
import { listFailedEvents } from './list-failed-events.js';
import type { ReplayLedger } from './replay-ledger.js';
import type { TypeFilter } from './type-filter.js';
import type { ReplayWindow } from './window.js';

export interface EventBrief {
  id: string;
  type: string;
  created: number;
}

export interface DryRunSummary {
  window: ReplayWindow;
  /** events with failed deliveries in the window */
  total: number;
  /** of those, already delivered to this destination by an earlier replay (skipped) */
  alreadyDelivered: number;
  toDeliver: number;
  /** type → count, largest first */
  byType: [string, number][];
  /** oldest and newest failed event */
  first?: EventBrief;
  last?: EventBrief;
  rate: number;
  estimatedMs: number;
}

export async function dryRun(opts: {
  stripe: Stripe;
  ledger: ReplayLedger;
  destination: string;
  window: ReplayWindow;
  filter: TypeFilter;
  rate: number;
}): Promise<DryRunSummary> {
  const byType = new Map<string, number>();
  let total = 0;
  let already = 0;
  let first: EventBrief | undefined;
  let last: EventBrief | undefined;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    already += (await opts.ledger.deliveredAmong(opts.destination, batch)).size;
    batch = [];
  };
  for await (const ev of listFailedEvents(opts.stripe, opts.window, opts.filter)) {
    const brief = { id: ev.id, type: ev.type, created: ev.created };
    total++;
    last ??= brief; // newest first: the first one seen is the last in time
    first = brief;
    byType.set(ev.type, (byType.get(ev.type) ?? 0) + 1);
    batch.push(ev.id);
    if (batch.length >= 100) await flush();
  }
  await flush();
  const toDeliver = total - already;
  // Every request shares the rate: the deliveries plus the listing pages of the replay pass.
  const requests = toDeliver + Math.ceil(total / 100) + 1;
  return {
    window: opts.window,
    total,
    alreadyDelivered: already,
    toDeliver,
    byType: [...byType.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ...(first ? { first } : {}),
    ...(last ? { last } : {}),
    rate: opts.rate,
    estimatedMs: toDeliver === 0 ? 0 : Math.round((requests / opts.rate) * 1000),
  };
}
