/**
 * Running an approved request. The replica whose `pending → executing` write won holds a lease
 * (`approval:<id>` in the locks table) and renews it while the executor runs; a replica that
 * stops renewing (killed, partitioned) is detected by the others, which mark the request
 * interrupted. The final `executing → succeeded|failed` write is conditional on this replica
 * still being the executor: if it lost the request meanwhile, it reports nothing as done and
 * says so in the thread instead of firing the success hooks (next step, lock release).
 */
import type { MessageRef } from '../chat.js';
import type { TimerHandle } from '../clock.js';
import type { ExecutorContext, ExecutorResult } from '../commands/define-command.js';
import { errorMessage } from '../errors.js';
import { acquireLock, releaseLock } from '../locks.js';
import { type ApprovalCore, channelOf, payloadOf } from './approval-core.js';

export const LEASE_MS = 60_000;
const RENEW_MS = LEASE_MS / 3;

export const leaseName = (approvalId: string): string => `approval:${approvalId}`;

export class Execution {
  constructor(private readonly core: ApprovalCore) {}

  /** Takes the lease. Called right after this replica won `pending → executing`. */
  async takeLease(id: string): Promise<void> {
    const { store, clock, replicaId } = this.core.services;
    await acquireLock(store.db, leaseName(id), replicaId, LEASE_MS, clock.now());
  }

  async run(id: string, approvers: { id: string; name: string }[]): Promise<void> {
    const { services, repo } = this.core;
    const row = await repo.get(id);
    if (!row) return;
    const payload = payloadOf(row);
    const channel = channelOf(row);
    const thread: MessageRef | undefined = row.thread_id ? { channel, id: row.thread_id } : undefined;
    await this.core.refresh(id);
    const executor = this.core.executors.get(payload.kind);
    const ctx: ExecutorContext = {
      services,
      approvalId: id,
      requester: { id: row.requester_id, name: payload.requesterName },
      channel,
      thread,
      approvers,
      post: (m, t) => this.core.poster.post(channel, m, { thread: (t ?? thread)?.id }),
      update: (ref, m) => this.core.poster.update(ref, m),
    };
    const stopRenewing = this.renewWhileRunning(id);
    let result: ExecutorResult;
    try {
      result = executor ? await executor(payload.data, ctx) : { ok: false, summary: `no executor for "${payload.kind}"` };
    } catch (err) {
      services.logger.error({ err, approval: id }, 'approval executor threw');
      result = { ok: false, summary: `error: ${errorMessage(err)}` };
    } finally {
      stopRenewing();
    }
    const state = result.ok ? 'succeeded' : 'failed';
    const won = await repo.transitionOwned(id, 'executing', state, services.replicaId);
    await releaseLock(services.store.db, leaseName(id), services.replicaId).catch(() => undefined);
    const summary = services.redactor.redact(result.summary);
    if (!won) {
      // Another replica decided this request's fate while we ran it (our lease lapsed): report
      // what happened, but fire no hooks: the run was already closed there.
      const now = await repo.get(id);
      await services.audit.append({ actor: 'system', action: 'approval.execution_lost', subject: id, data: { ok: result.ok, summary, state: now?.state ?? 'gone' } });
      await this.core.say(row, `⚠️ "${payload.title}" finished (${result.ok ? 'it succeeded' : 'it failed'}: ${summary}), but this copy of the bot had lost its hold on it and it was already marked ${now?.state ?? 'gone'}, so nothing runs after it. Check what it changed before doing anything else.`);
      return;
    }
    await services.audit.append({ actor: 'system', action: 'approval.executed', subject: id, data: { ok: result.ok, summary } });
    await this.core.refresh(id, result.summary);
    if (result.details) await ctx.post(result.details).catch((err) => services.logger.warn({ err }, 'could not post execution details'));
    await this.core.fireAfter({ ...row, state }, payload, { state, result });
  }

  /** Renews the lease every RENEW_MS until the returned function is called. */
  private renewWhileRunning(id: string): () => void {
    const { store, clock, replicaId, logger } = this.core.services;
    let timer: TimerHandle | undefined;
    let done = false;
    const arm = () => {
      timer = clock.setTimeout(() => {
        if (done) return;
        acquireLock(store.db, leaseName(id), replicaId, LEASE_MS, clock.now())
          .then((held) => {
            if (!held) logger.warn({ approval: id }, 'lost the execution lease of an approval; another replica may mark it interrupted');
          })
          .catch((err) => logger.warn({ err, approval: id }, 'renewing an execution lease failed'))
          .finally(() => {
            if (!done) arm();
          });
      }, RENEW_MS);
    };
    arm();
    return () => {
      done = true;
      if (timer) clock.clearTimeout(timer);
    };
  }
}
