/**
 * One invocation of a runbook, start to finish:
 *   1. post the overview (the thread root) with every step,
 *   2. run the safe diagnostics (bounded concurrency, each with its timeout), editing results in,
 *   3. walk the recovery/verify steps in order: safe ones run, gated ones wait for approval,
 *      manual ones stay a checklist. A failed, rejected or expired step stops the walk.
 * All state is in the store, so the overview re-renders and approvals resume after a restart.
 */
import { createHash, randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { actorLabel } from '../actor-label.js';
import type { ChannelRef, Invocation, MessageRef } from '../chat.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Executor, ExecutorResult } from '../commands/define-command.js';
import { parseDuration } from '../duration.js';
import { OpsError } from '../errors.js';
import type { StepResult } from '../exec/types.js';
import { buildStepEnv } from '../exec/step-env.js';
import { stepWorkDir } from '../exec/work-dir.js';
import { acquireLock, releaseLock } from '../locks.js';
import type { Message, StepStatus } from '../message.js';
import type { Poster } from '../poster.js';
import type { Block, Runbook } from '../runbook/model.js';
import type { Services } from '../services.js';
import { BoundedMap } from '../bounded-map.js';
import { renderRun, stepTitle } from './render-run.js';
import { checkKnownValues, lockKey } from './run-guards.js';
import { RunRepo, type RunRow } from './run-repo.js';

export const STEP_KIND = 'runbook-step';

/** Sections whose safe blocks run as soon as the incident starts. */
const LATER_SECTIONS = new Set(['recovery', 'verify', 'rollback']);

export function isDiagnostic(block: Block): boolean {
  return block.safety === 'safe' && !LATER_SECTIONS.has(block.sectionKind);
}

export interface StartOptions {
  /** run only this 1-based step */
  step?: number;
  params: Record<string, string>;
  /** extra note in the overview's context line */
  note?: string;
  /** a store lock held from start to finish, e.g. `rollback:production`: one such run at a time */
  lock?: string;
  /** when the run finishes, run the configured /health probes and post the report */
  healthAfter?: boolean;
}

const RUN_LOCK_TTL_MS = 6 * 3_600_000;

interface StepPayload {
  runId: string;
  runbookId: string;
  n: number;
  sha256: string;
  params: Record<string, string>;
  [key: string]: unknown;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The loader's file hash, or (runbooks built in memory) a hash of the steps. */
export const runbookHash = (rb: Runbook): string => rb.sha256 ?? sha256(JSON.stringify(rb.blocks.map((b) => b.source)));

/** What to do after step n failed: fix the cause, then continue the same run. */
function failedHint(runbookId: string, n: number, reason?: string): string {
  const cmd = `/incident ${runbookId}`;
  return `Step ${n} failed${reason ? ` (${reason})` : ''}. Fix the cause, then continue this run with ${cmd} from:${n} to run it again, or ${cmd} from:${n + 1} to skip it; either way the run goes on to the end.`;
}

export class RunEngine {
  readonly runs: RunRepo;
  private overviews = new BoundedMap<string, MessageRef>(1000);

  constructor(
    private readonly services: Services,
    private readonly poster: Poster,
    private readonly approvals: ApprovalService,
  ) {
    this.runs = new RunRepo(services.store.db, () => services.clock.now());
    approvals.register(STEP_KIND, this.executeApprovedStep);
    approvals.onExecuted(async (row, payload, outcome) => {
      if (payload.kind !== STEP_KIND) return;
      const data = payload.data as StepPayload;
      if (outcome.state === 'rejected' || outcome.state === 'expired') {
        await this.runs.setStepStatus(data.runId, data.n, outcome.state);
        const cmd = `/incident ${data.runbookId}`;
        await this.finishRun(
          data.runId,
          'stopped',
          outcome.state === 'rejected'
            ? `Step ${data.n} was rejected, so the run stopped there and nothing after it ran. To go on anyway, continue this run with ${cmd} from:${data.n} (asks for approval again) or ${cmd} from:${data.n + 1} (skips it).`
            : `Step ${data.n} expired before anyone approved it, so nothing after it ran. Continue this run with ${cmd} from:${data.n} to ask again, or ${cmd} from:${data.n + 1} to skip it.`,
        );
      } else if (outcome.state === 'interrupted') {
        await this.runs.setStepStatus(data.runId, data.n, 'interrupted');
        const run = await this.runs.get(data.runId);
        await this.finishRun(
          data.runId,
          'failed',
          `step ${data.n} was interrupted (opsbridge stopped while it ran) and was not re-run; this run is closed. Check what it changed, then run it again with /${run?.command ?? 'incident'} ${data.runbookId} step:${data.n} if it is still needed.`,
        );
      } else if (outcome.state === 'failed') {
        await this.finishRun(data.runId, 'failed', failedHint(data.runbookId, data.n));
      } else if (!(await this.isTargeted(data.runId))) {
        await this.advance(data.runId);
      } else {
        await this.finishRun(data.runId, 'done');
      }
    });
  }

  async start(inv: Invocation, runbook: Runbook, opts: StartOptions): Promise<string> {
    const blocks = runbook.blocks;
    if (opts.step !== undefined && (opts.step < 1 || opts.step > blocks.length)) {
      throw new OpsError('BAD_STEP', `runbook "${runbook.id}" has ${blocks.length} step${blocks.length === 1 ? '' : 's'}; step:${opts.step} does not exist`);
    }
    const chosen = opts.step !== undefined ? [opts.step] : blocks.map((_, i) => i + 1);
    const runId = randomUUID().slice(0, 8);
    // The runbook's own checks, whichever command started it.
    await checkKnownValues(runbook, opts.params, this.services);
    const lock = opts.lock ?? lockKey(runbook, opts.params, this.services.config);
    if (lock) await this.takeLock(lock, runId);
    await this.runs.create(
      {
        id: runId,
        command: inv.command,
        runbook_id: runbook.id,
        platform: inv.platform,
        channel_id: inv.channel.id,
        thread_id: null,
        requester_id: inv.actor.id,
        requester_name: inv.actor.name,
        args: JSON.stringify({ params: opts.params, step: opts.step ?? null, targeted: opts.step !== undefined, lock: lock ?? null, healthAfter: opts.healthAfter ?? false }),
        status: 'running',
        owner: this.services.replicaId,
        runbook_sha256: runbookHash(runbook),
        // The run works on this copy to the end: reloading or editing the file mid-run never
        // changes what it shows or runs.
        snapshot: JSON.stringify(runbook),
      },
      chosen.map((n) => {
        const b = blocks[n - 1]!;
        return { n, line: b.line, section: b.section, safety: b.safety, status: b.safety === 'manual' ? 'manual' : 'pending' };
      }),
    );
    await this.services.audit.append({
      actor: actorLabel(inv.actor),
      action: 'run.started',
      subject: runId,
      data: { runbook: runbook.id, step: opts.step ?? null, params: opts.params },
    });
    const run = (await this.runs.get(runId))!;
    const root = await this.poster.post(inv.channel, renderRun(runbook, run, await this.runs.steps(runId), opts.note));
    await this.runs.setThread(runId, root.id);
    this.overviews.set(runId, root);

    if (opts.step === undefined) await this.runDiagnostics(run, runbook);
    await this.advance(runId);
    return runId;
  }

  private async takeLock(name: string, runId: string): Promise<void> {
    const { store, clock } = this.services;
    if (await acquireLock(store.db, name, runId, RUN_LOCK_TTL_MS, clock.now())) return;
    const holder = await store.db.selectFrom('locks').selectAll().where('name', '=', name).executeTakeFirst();
    const run = holder ? await this.runs.get(holder.owner) : undefined;
    throw new OpsError(
      'LOCKED',
      `another ${name.split(':')[0]} is in progress (${name}${run ? `, run ${run.id} started by ${run.requester_name} at ${run.created_at}` : ''}); wait for it to finish`,
    );
  }

  /** Runs the safe diagnostics concurrently; results are edited into the overview. */
  private async runDiagnostics(run: RunRow, runbook: Runbook): Promise<void> {
    const limit = pLimit(this.services.config.exec.concurrency);
    const diagnostics = (await this.runs.steps(run.id)).filter((s) => isDiagnostic(runbook.blocks[s.n - 1]!));
    await Promise.all(diagnostics.map((s) => limit(() => this.runStep(run.id, runbook, s.n))));
  }

  /** Moves to the next recovery/verify step: runs safe ones, requests approval for the first gated one. */
  async advance(runId: string): Promise<void> {
    const run = await this.runs.get(runId);
    if (!run || run.status !== 'running') return;
    const runbook = this.runbook(run);
    for (const step of await this.runs.steps(runId)) {
      if (step.status !== 'pending') continue;
      const block = runbook.blocks[step.n - 1]!;
      if (block.safety === 'manual') continue;
      if (block.safety === 'safe') {
        const result = await this.runStep(runId, runbook, step.n);
        if (!result.ok) return this.finishRun(runId, 'failed', failedHint(runbook.id, step.n, result.reason ?? 'it exited with an error'));
        continue;
      }
      await this.requestStep(run, runbook, step.n);
      return;
    }
    await this.finishRun(runId, 'done');
  }

  private async requestStep(run: RunRow, runbook: Runbook, n: number): Promise<void> {
    const block = runbook.blocks[n - 1]!;
    const params = (JSON.parse(run.args) as { params: Record<string, string> }).params;
    await this.runs.setStepStatus(run.id, n, 'awaiting_approval');
    await this.refresh(run.id);
    const channel: ChannelRef = { platform: run.platform, id: run.channel_id };
    const thread = this.overviewRef(run);
    const payload: StepPayload = { runId: run.id, runbookId: runbook.id, n, sha256: sha256(block.source), params };
    const quorum = typeof block.attrs.quorum === 'number' ? block.attrs.quorum : runbook.approval?.quorum;
    const paramLines = Object.entries(params).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    await this.approvals.request(
      {
        kind: STEP_KIND,
        payload,
        runId: run.id,
        step: n,
        quorum,
        allowSelfApproval: runbook.approval?.allowSelfApproval,
        ttlMs: runbook.approval?.ttlMs,
        approvers: runbook.approval?.roles || runbook.approval?.users ? { roles: runbook.approval.roles, users: runbook.approval.users } : undefined,
        preview: {
          blocks: [
            { type: 'header', text: `step ${n} of ${runbook.id}: ${stepTitle(runbook, n)}` },
            { type: 'code', text: block.source.trimEnd(), lang: block.lang },
            { type: 'text', text: `Why it is gated: ${block.reasons.join('; ') || 'marked {approve}'}` },
            ...(paramLines.length ? [{ type: 'fields' as const, fields: [{ label: 'Environment', value: paramLines.join('\n') }] }] : []),
          ],
        },
      },
      { actor: { platform: run.platform, id: run.requester_id, name: run.requester_name, roles: [] }, channel, thread },
    );
  }

  private executeApprovedStep: Executor = async (raw, ctx): Promise<ExecutorResult> => {
    const data = raw as StepPayload;
    const run = await this.runs.get(data.runId);
    if (!run) return { ok: false, summary: `run ${data.runId} no longer exists; nothing was run` };
    const runbook = this.runbook(run);
    const block = runbook.blocks[data.n - 1];
    // The approvers saw a specific script. If it is not what the run holds, or the runbook on
    // disk no longer has it (edited, removed, renamed), run nothing: the approval was for
    // something that is no longer the procedure.
    const current = this.services.runbooks.get(runbook.id);
    const currentBlock = current?.blocks[data.n - 1];
    const refusal = !block || sha256(block.source) !== data.sha256
      ? `step ${data.n} of ${runbook.id} is not the script that was approved`
      : !current
        ? `runbook "${runbook.id}" is no longer loaded (removed or renamed since step ${data.n} was approved)`
        : !currentBlock || sha256(currentBlock.source) !== data.sha256
          ? `step ${data.n} of ${runbook.id} changed in ${current.file} after it was approved`
          : undefined;
    if (refusal) {
      await this.runs.setStepStatus(run.id, data.n, 'failed');
      const text = `🚫 ${refusal}; nothing was run. Look at the runbook as it is now, then start it again with /${run.command} ${runbook.id} step:${data.n}.`;
      await ctx.post({ blocks: [{ type: 'text', text }] }).catch(() => undefined);
      return { ok: false, summary: `${refusal}; nothing was run` };
    }
    const result = await this.runStep(run.id, runbook, data.n, 'executing');
    return { ok: result.ok, summary: summarize(data.n, result), details: undefined };
  };

  /** Runs one block with its timeout, storing and rendering the result. */
  async runStep(runId: string, runbook: Runbook, n: number, runningStatus: StepStatus = 'running'): Promise<StepResult> {
    const block = runbook.blocks[n - 1]!;
    const run = (await this.runs.get(runId))!;
    const params = (JSON.parse(run.args) as { params: Record<string, string> }).params;
    const { config, runner, env } = this.services;
    await this.runs.setStepStatus(runId, n, runningStatus);
    void this.refresh(runId);
    const result = await runner({
      script: block.source,
      env: buildStepEnv({ parentEnv: env, allowlist: config.exec.envAllowlist, extra: config.exec.stepEnv, params }),
      timeoutMs: typeof block.attrs.timeout === 'number' ? block.attrs.timeout : parseDuration(config.exec.defaultTimeout),
      cwd: stepWorkDir(config),
      maxOutputBytes: config.exec.maxOutputBytes,
    });
    const status: StepStatus = result.ok ? 'succeeded' : result.timedOut ? 'timed_out' : 'failed';
    await this.runs.finishStep(runId, n, status, result);
    await this.services.audit.append({
      actor: 'system',
      action: 'step.finished',
      subject: `${runId}:${n}`,
      data: { runbook: runbook.id, line: block.line, safety: block.safety, status, exitCode: result.exitCode, durationMs: Math.round(result.durationMs) },
    });
    this.services.metrics?.stepDuration.observe({ safety: block.safety, outcome: status }, result.durationMs / 1000);
    await this.refresh(runId);
    return result;
  }

  async finishRun(runId: string, status: 'done' | 'failed' | 'stopped', note?: string): Promise<void> {
    const run = await this.runs.get(runId);
    if (!run || run.status !== 'running') return;
    await this.runs.setRunStatus(runId, status);
    await this.refresh(runId, note ?? (status === 'done' ? 'run finished' : undefined));
    await this.services.audit.append({ actor: 'system', action: `run.${status}`, subject: runId, data: { note: note ?? null } });
    if (note && status !== 'done') {
      await this.poster.post({ platform: run.platform, id: run.channel_id }, { blocks: [{ type: 'text', text: `⏹️ ${note}` }] }, { thread: run.thread_id ?? undefined });
    }
    const args = JSON.parse(run.args) as { lock?: string | null; healthAfter?: boolean };
    if (args.lock) await releaseLock(this.services.store.db, args.lock, runId);
    for (const hook of this.finishHooks) await hook(run, status).catch((err) => this.services.logger.error({ err }, 'run finish hook failed'));
  }

  private finishHooks: ((run: RunRow, status: string) => Promise<void>)[] = [];
  onFinished(hook: (run: RunRow, status: string) => Promise<void>): void {
    this.finishHooks.push(hook);
  }

  /** Re-renders the overview. Never throws: it is often fired and forgotten, and a failed edit must not reject unhandled. */
  async refresh(runId: string, note?: string): Promise<void> {
    try {
      const run = await this.runs.get(runId);
      if (!run?.thread_id) return;
      const message: Message = renderRun(this.runbook(run), run, await this.runs.steps(runId), note ?? statusNote(run.status));
      // Not awaited: the poster coalesces edits (one a second); waiting here would pace the run by it.
      void this.poster.update(this.overviewRef(run)!, message).catch((err) => this.services.logger.warn({ err }, 'overview update failed'));
      // A finished run's overview is no longer edited from memory: keep the map to live runs.
      if (run.status !== 'running') this.overviews.delete(runId);
    } catch (err) {
      this.services.logger.warn({ err, run: runId }, 'overview refresh failed');
    }
  }

  private overviewRef(run: RunRow): MessageRef | undefined {
    if (!run.thread_id) return undefined;
    return this.overviews.get(run.id) ?? { channel: { platform: run.platform, id: run.channel_id }, id: run.thread_id };
  }

  private async isTargeted(runId: string): Promise<boolean> {
    const run = await this.runs.get(runId);
    return run ? (JSON.parse(run.args) as { targeted?: boolean }).targeted === true : false;
  }

  /** The runbook the run started with (its snapshot); runs from before snapshots use the catalog. */
  private runbook(run: RunRow): Runbook {
    if (run.snapshot) return JSON.parse(run.snapshot) as Runbook;
    const runbook = run.runbook_id ? this.services.runbooks.get(run.runbook_id) : undefined;
    if (!runbook) throw new OpsError('RUNBOOK_GONE', `runbook "${run.runbook_id}" of run ${run.id} is no longer loaded`);
    return runbook;
  }
}

function statusNote(status: string): string | undefined {
  return status === 'running' ? undefined : `run ${status}`;
}

function summarize(n: number, r: StepResult): string {
  if (r.ok) return `step ${n} succeeded in ${Math.round(r.durationMs)} ms`;
  return `step ${n} failed: ${r.reason ?? `exit code ${r.exitCode}`}`;
}
