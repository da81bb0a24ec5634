/**
 * Listing events whose webhook delivery failed (`delivery_success=false`), through the SDK's
 * auto-pagination, streamed.
 *
 * Stripe lists newest first, but a replay must go oldest first (a receiving app expects
 * `invoice.created` before `invoice.paid`). Reversing the whole listing would hold every event in
 * memory, so the window is paged in time slices from the oldest end: each slice is listed
 * (newest first), reversed, and yielded, so at most one slice (`sliceCap` events) is held.
 * Slice widths adapt to the observed density: the first request is one page over the whole window
 * (if that is everything, it is the only request); otherwise the density of that page sizes the
 * slices to about half the cap. A slice that still overflows is abandoned early and narrowed —
 * a few wasted pages, never unbounded memory. Only a single second holding more than `sliceCap`
 * events (which cannot be split) is held whole.
 * Chosen over "collect ids+created, then reverse": that is O(N) memory (30 days of failures for
 * a large account is millions of ids), while slices cost only a few extra list calls.
 */
import type Stripe from 'stripe';
import type { TypeFilter } from './type-filter.js';
import type { ReplayWindow } from './window.js';
import { toStripeOpsError } from './stripe-errors.js';

export interface ListedEvent {
  id: string;
  type: string;
  created: number;
  /** the full event, kept only when the deliverer needs the body (direct mode) */
  raw?: Stripe.Event;
}

const PAGE = 100;

function params(filter: TypeFilter, gte: number, lte: number): Stripe.EventListParams {
  return { ...filter, delivery_success: false, created: { gte, lte }, limit: PAGE };
}

/** Newest first, as Stripe lists: for counting (the dry run), constant memory. */
export async function* listFailedEvents(stripe: Stripe, window: ReplayWindow, filter: TypeFilter): AsyncGenerator<Stripe.Event> {
  try {
    for await (const ev of stripe.events.list(params(filter, window.since, window.until))) yield ev;
  } catch (err) {
    throw toStripeOpsError(err, 'listing failed events');
  }
}

export interface SliceOptions {
  /** events held at once (default 1000) */
  sliceCap?: number;
  /** keep the full event on each item (direct mode needs the body) */
  keepRaw?: boolean;
}

/** Oldest first, one slice (an array, oldest first) at a time. */
export async function* listFailedEventsOldestFirst(
  stripe: Stripe,
  window: ReplayWindow,
  filter: TypeFilter,
  opts: SliceOptions = {},
): AsyncGenerator<ListedEvent[]> {
  const cap = Math.max(PAGE, opts.sliceCap ?? 1000);
  const compact = (ev: Stripe.Event): ListedEvent =>
    opts.keepRaw ? { id: ev.id, type: ev.type, created: ev.created, raw: ev } : { id: ev.id, type: ev.type, created: ev.created };
  let cursor = window.since;
  let width: number;
  try {
    // Probe: one page over the whole window.
    const first = await stripe.events.list(params(filter, window.since, window.until));
    if (!first.has_more) {
      if (first.data.length > 0) yield first.data.map(compact).reverse();
      return;
    }
    width = sliceWidth(first.data.length, window.until - (first.data.at(-1)?.created ?? window.until) + 1, cap);
  } catch (err) {
    throw toStripeOpsError(err, 'listing failed events');
  }

  while (cursor <= window.until) {
    const end = Math.min(window.until, cursor + width - 1);
    const items: ListedEvent[] = [];
    let overflow = false;
    try {
      for await (const ev of stripe.events.list(params(filter, cursor, end))) {
        items.push(compact(ev));
        if (items.length > cap && end > cursor) {
          overflow = true;
          break;
        }
      }
    } catch (err) {
      throw toStripeOpsError(err, 'listing failed events');
    }
    const span = end - cursor + 1;
    if (overflow) {
      const seenSpan = end - items.at(-1)!.created + 1;
      width = Math.min(span - 1, sliceWidth(items.length, seenSpan, cap));
      continue; // same cursor, narrower slice; the partial listing is dropped
    }
    if (items.length > 0) yield items.reverse();
    cursor = end + 1;
    width = items.length === 0 ? span * 4 : Math.min(span * 4, sliceWidth(items.length, span, cap));
  }
}

/** Seconds that should hold about half the cap at the observed density. */
function sliceWidth(count: number, seconds: number, cap: number): number {
  const perSecond = count / Math.max(1, seconds);
  return Math.max(1, Math.floor(cap / 2 / perSecond));
}
