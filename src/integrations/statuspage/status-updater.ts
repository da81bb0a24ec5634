/**
 * Applies a status change everywhere it belongs. The built-in record is written first (so the
 * update is stored and on the built-in page whatever happens next), then each external provider
 * gets it in order. A provider that is down keeps the update `pending`: it is retried with
 * backoff on the injected clock, later updates queue behind it (the public must not see
 * "resolved" before "investigating"), and the channel is told when it finally lands or fails.
 */
import type { Logger } from 'pino';

import type { AuditLog } from '../../core/audit/types.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { errorMessage, OpsError } from '../../core/errors.js';
import type { BuiltinProvider } from './builtin-provider.js';
import { isRetryable } from './paced-client.js';
import type { StatusProvider } from './provider.js';
import { statusChangeSchema, type StatusChange } from './status-change.js';
import { parseSync, type StatusStore, type SyncState } from './status-store.js';
import type { ComponentStatus, IncidentStatus } from './states.js';

export type Notify = (text: string) => Promise<unknown> | void;

export interface ApplyResult {
  updateId: string;
  incidentId?: string;
  /** the component's configured name, for component changes */
  componentName?: string;
  synced: string[];
  /** stored and queued for retry; the channel will be told how it ends */
  pending: { provider: string; error: string }[];
  failed: { provider: string; error: string }[];
}

export interface StatusUpdaterOptions {
  store: StatusStore;
  builtin: BuiltinProvider;
  external: StatusProvider[];
  audit: AuditLog;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  retry?: { baseMs?: number; maxMs?: number; maxAttempts?: number };
}

interface QueueItem {
  updateId: string;
  attempts: number;
  /** the requester was told it is pending, so they must hear how it ends */
  reportedPending?: boolean;
  notify?: Notify;
  first?: (outcome: { state: 'synced' | 'pending' | 'failed'; error?: string }) => void;
}

export interface StatusUpdater {
  apply(change: StatusChange, opts: { actor: string; notify?: Notify }): Promise<ApplyResult>;
  /** re-queues updates left pending by a previous process; returns how many */
  resumePending(notify?: Notify): Promise<number>;
  /** provider name → number of updates waiting */
  pendingCount(): Record<string, number>;
  stop(): void;
}

export function createStatusUpdater(opts: StatusUpdaterOptions): StatusUpdater {
  const { store, builtin, clock, audit, logger } = opts;
  const baseMs = opts.retry?.baseMs ?? 5_000;
  const maxMs = opts.retry?.maxMs ?? 300_000;
  const maxAttempts = opts.retry?.maxAttempts ?? 10;
  const queues = new Map(opts.external.map((p) => [p.name, { provider: p, items: [] as QueueItem[], busy: false, timer: undefined as TimerHandle | undefined }]));
  let stopped = false;

  async function recordInBuiltin(change: StatusChange, sync: SyncState) {
    switch (change.type) {
      case 'component': {
        const r = await builtin.setComponent(change.component, change.status, change.message, sync);
        return { updateId: r.updateId, componentName: r.componentName };
      }
      case 'incident-open': {
        const r = await builtin.openIncident({ ...change }, sync);
        return { updateId: r.updateId, incidentId: r.ref };
      }
      case 'incident-update': {
        const r = await builtin.updateIncident(change.incidentId, { status: change.status, body: change.body }, sync);
        return { updateId: r.updateId, incidentId: change.incidentId };
      }
      case 'incident-resolve': {
        const r = await builtin.resolveIncident(change.incidentId, change.body, undefined, sync);
        return { updateId: r.updateId, incidentId: change.incidentId };
      }
    }
  }

  /** sends one stored update to one provider */
  async function deliver(provider: StatusProvider, updateId: string): Promise<SyncState> {
    const row = await store.getUpdate(updateId);
    if (!row) throw new OpsError('STATUS_UPDATE_MISSING', `update ${updateId} is not in the store`);
    if (row.component_id) {
      const component = (await store.findComponent(row.component_id))?.name ?? row.component_id;
      await provider.setComponent(component, row.status as ComponentStatus, row.body || undefined);
      return { [provider.name]: 'synced' };
    }
    const incident = row.incident_id ? await store.getIncident(row.incident_id) : undefined;
    if (!incident) throw new OpsError('STATUS_UNKNOWN_INCIDENT', `update ${updateId} has no incident`);
    const components = JSON.parse(incident.components) as string[];
    const first = await store.firstUpdateOf(incident.id);
    if (first?.id === row.id) {
      const { ref } = await provider.openIncident({
        name: incident.name,
        status: row.status as IncidentStatus,
        impact: incident.impact as 'none',
        body: row.body,
        components,
      });
      return { [provider.name]: 'synced', [`${provider.name}.ref`]: ref };
    }
    const ref = parseSync(first?.sync ?? '{}')[`${provider.name}.ref`];
    if (!ref) throw new OpsError('STATUS_NOT_ON_PROVIDER', `incident ${incident.id} was never created on ${provider.name}`);
    if (row.status === 'resolved') await provider.resolveIncident(ref, row.body, components);
    else await provider.updateIncident(ref, { status: row.status as IncidentStatus, body: row.body });
    return { [provider.name]: 'synced' };
  }

  function backoff(attempts: number): number {
    return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  }

  async function pump(name: string): Promise<void> {
    const q = queues.get(name);
    if (!q || q.busy || q.timer || stopped) return;
    q.busy = true;
    try {
      while (q.items.length > 0 && !stopped) {
        const item = q.items[0]!;
        item.attempts++;
        let patch: Awaited<ReturnType<typeof deliver>> | undefined;
        let deliveryError: unknown;
        try {
          patch = await deliver(q.provider, item.updateId);
        } catch (err) {
          deliveryError = err;
        }
        try {
          if (deliveryError !== undefined) throw deliveryError;
          // A store error here is not a delivery failure: it goes to the outer handler.
          await store.mergeSync(item.updateId, { ...patch, [`${name}.error`]: '' }).catch((err: unknown) => {
            throw new StoreFailure(err);
          });
          q.items.shift();
          item.first?.({ state: 'synced' });
          if (item.reportedPending) {
            await audit.append({ actor: 'system', action: 'status.sync', subject: item.updateId, data: { provider: name, outcome: 'synced', attempts: item.attempts } });
            const after = item.attempts > 1 ? ` after ${item.attempts} attempts` : '';
            await say(item, `✅ Status update ${item.updateId} reached ${name}${after}.`);
          }
        } catch (err) {
          if (err instanceof StoreFailure) throw err.cause;
          const error = errorMessage(err);
          if (isRetryable(err) && item.attempts < maxAttempts) {
            await store.mergeSync(item.updateId, { [name]: 'pending', [`${name}.error`]: error });
            item.first?.({ state: 'pending', error });
            item.first = undefined;
            item.reportedPending = true;
            const delay = backoff(item.attempts);
            logger.warn({ provider: name, updateId: item.updateId, attempts: item.attempts, retryInMs: delay, err: error }, 'status update pending');
            q.timer = clock.setTimeout(() => {
              q.timer = undefined;
              void pump(name);
            }, delay);
            return;
          }
          await store.mergeSync(item.updateId, { [name]: 'failed', [`${name}.error`]: error });
          q.items.shift();
          item.first?.({ state: 'failed', error });
          await audit.append({ actor: 'system', action: 'status.sync', subject: item.updateId, data: { provider: name, outcome: 'failed', attempts: item.attempts, error } });
          logger.error({ provider: name, updateId: item.updateId, err: error }, 'status update failed');
          // Only a late failure needs a separate message; a first-attempt one is in the reply.
          if (item.reportedPending) {
            await say(item, `❌ Status update ${item.updateId} could not be sent to ${name} after ${item.attempts} attempts: ${error}. It is on the built-in page; post it on ${name} by hand.`);
          }
        }
      }
    } catch (err) {
      // The store failed while recording an outcome. Whoever waits for the head item must still
      // hear something (or the executor hangs and the approval stays "executing" forever), and the
      // queue must go on: retry the head later instead of wedging every update behind it.
      const head = q.items[0];
      const error = `could not record the outcome in the store: ${errorMessage(err)}`;
      logger.error({ provider: name, err, updateId: head?.updateId }, 'status queue: store error; retrying later');
      if (head) {
        head.first?.({ state: 'pending', error });
        head.first = undefined;
        head.reportedPending = true;
        if (!stopped && !q.timer) {
          q.timer = clock.setTimeout(() => {
            q.timer = undefined;
            void pump(name);
          }, backoff(head.attempts));
        }
      }
    } finally {
      q.busy = false;
    }
  }

  async function say(item: QueueItem, text: string): Promise<void> {
    if (!item.notify) {
      logger.info({ updateId: item.updateId }, text);
      return;
    }
    try {
      await item.notify(text);
    } catch (err) {
      logger.warn({ err, updateId: item.updateId }, 'could not tell the channel about a status update');
    }
  }

  function enqueue(name: string, item: QueueItem): Promise<{ state: 'synced' | 'pending' | 'failed'; error?: string }> {
    const q = queues.get(name)!;
    const waitingBehind = q.items.length > 0 || q.timer !== undefined;
    const outcome = new Promise<{ state: 'synced' | 'pending' | 'failed'; error?: string }>((resolve) => (item.first = resolve));
    q.items.push(item);
    if (waitingBehind) {
      item.first?.({ state: 'pending', error: 'queued behind an earlier update that is still pending' });
      item.first = undefined;
      item.reportedPending = true;
    } else {
      void pump(name);
    }
    return outcome;
  }

  return {
    async apply(input, { actor, notify }) {
      const parsed = statusChangeSchema.safeParse(input);
      if (!parsed.success) throw new OpsError('STATUS_INVALID', parsed.error.issues.map((i) => i.message).join('; '), { cause: parsed.error });
      const change = parsed.data;
      const initial: SyncState = Object.fromEntries([...queues.keys()].map((n) => [n, 'pending']));
      const rec = await recordInBuiltin(change, initial);
      const result: ApplyResult = { ...rec, synced: ['builtin'], pending: [], failed: [] };
      const outcomes = await Promise.all(
        [...queues.keys()].map(async (name) => [name, await enqueue(name, { updateId: rec.updateId, attempts: 0, notify })] as const),
      );
      for (const [provider, o] of outcomes) {
        if (o.state === 'synced') result.synced.push(provider);
        else if (o.state === 'pending') result.pending.push({ provider, error: o.error ?? '' });
        else result.failed.push({ provider, error: o.error ?? '' });
      }
      await audit.append({
        actor,
        action: 'status.update',
        subject: rec.updateId,
        data: { change, incidentId: rec.incidentId ?? null, synced: result.synced, pending: result.pending.map((p) => p.provider), failed: result.failed.map((p) => p.provider) },
      });
      return result;
    },

    async resumePending(notify) {
      let n = 0;
      for (const row of await store.pendingUpdates()) {
        const sync = parseSync(row.sync);
        for (const [name, q] of queues) {
          if (sync[name] !== 'pending' || q.items.some((i) => i.updateId === row.id)) continue;
          q.items.push({ updateId: row.id, attempts: 0, notify, reportedPending: true });
          n++;
        }
      }
      for (const name of queues.keys()) void pump(name);
      return n;
    },

    pendingCount() {
      return Object.fromEntries([...queues].map(([name, q]) => [name, q.items.length]));
    },

    stop() {
      stopped = true;
      for (const q of queues.values()) if (q.timer) clock.clearTimeout(q.timer);
    },
  };
}

/** Marks a store write failure apart from a provider's delivery failure. */
class StoreFailure extends Error {
  constructor(cause: unknown) {
    super(errorMessage(cause), { cause });
  }
}
