import * as z from 'zod';
import { actorLabel } from '../src/core/actor-label.js';
import type { Actor } from '../src/core/chat.js';
import { defineCommand } from '../src/core/commands/define-command.js';
import { msg } from '../src/core/message.js';
import type { Services } from '../src/core/services.js';
import { progressMessage, reportHeadline, reportMessage, summaryMessage } from '../src/integrations/stripe/report.js';
import { describePlan, openReplaySession, planReplay, type ReplayPlan } from '../src/integrations/stripe/replay-session.js';
import { runningReplays } from '../src/integrations/stripe/running-replays.js';

const CANCEL_EMOJI = new Set(['x', '❌', 'octagonal_sign', '🛑', 'stop_sign']);

/**
 * /replay-stripe [since] [until] [type] [endpoint] [mode] — e.g. `since:2h type:invoice.*`.
 * Posts the dry run, then asks for approval (re-delivery has side effects in the receiving app);
 * the approved replay updates one progress message and posts the final report.
 * /replay-stripe cancel — stops the replays running in this channel (or react ❌ on the progress).
 */
export default defineCommand({
  name: 'replay-stripe',
  description: 'Replay failed Stripe webhook deliveries in a time window (dry run, then approval)',
  usage: '[since:2h] [until:T] [type:invoice.*] [endpoint:we_...|URL] [mode:stripe|direct]  |  cancel',
  positional: ['since', 'until', 'type', 'endpoint', 'mode'],
  options: z
    .object({
      since: z.string().max(64).optional(),
      until: z.string().max(64).optional(),
      type: z.string().max(1000).optional(),
      endpoint: z.string().max(500).optional(),
      mode: z.string().max(16).optional(),
    })
    .strict(),
  async handler(ctx) {
    const o = ctx.options as { since?: string; until?: string; type?: string; endpoint?: string; mode?: string };
    const { services, invocation } = ctx;
    if (o.since === 'cancel') {
      const found = runningReplays.inChannel(invocation.channel.platform, invocation.channel.id);
      for (const r of found) r.controller.abort(new Error(`cancelled by ${invocation.actor.name}`));
      await ctx.notify(found.length ? `Cancelling ${found.length} replay(s); deliveries in flight finish and are recorded.` : 'No Stripe replay is running in this channel.');
      if (found.length) await ctx.audit('stripe.replay.cancel', found.map((r) => r.approvalId).join(','));
      return;
    }
    const plan = planReplay({ ...o, since: o.since ?? '1h' }, services.config.stripe, services.clock.now());
    const session = openReplaySession(plan, { config: services.config.stripe, db: services.store.db, clock: services.clock, fetch: services.fetch });
    const summary = await session.dryRun();
    const posted = await ctx.post(summaryMessage(plan, summary));
    if (summary.toDeliver === 0) {
      await ctx.post({ blocks: [msg.text('Nothing to replay: no failed deliveries left in this window for that destination.')] }, posted);
      return;
    }
    const d = describePlan(plan);
    await ctx.requestApproval({
      kind: 'stripe-replay',
      payload: { plan, total: summary.total, toDeliver: summary.toDeliver },
      preview: { blocks: [msg.text(`Replay ${summary.toDeliver} failed Stripe events (${d.types}, ${d.window}) to ${d.destination}.`)] },
      thread: posted,
    });
  },
  executors: {
    'stripe-replay': async (payload, ctx) => {
      const plan = payload.plan as ReplayPlan;
      const total = typeof payload.total === 'number' ? payload.total : undefined;
      const { services } = ctx;
      const controller = new AbortController();
      const progress = await ctx.post(progressMessage({ done: 0, delivered: 0, skipped: 0, failed: 0, rate: 0, elapsedMs: 0, ...(total !== undefined ? { total } : {}) }), ctx.thread);
      runningReplays.add({ approvalId: ctx.approvalId, controller, progress, requesterId: ctx.requester.id });
      try {
        const session = openReplaySession(plan, {
          config: services.config.stripe,
          db: services.store.db,
          clock: services.clock,
          fetch: services.fetch,
          signal: controller.signal,
        });
        // The core coalesces edits of one message; the engine already calls at most once a second.
        const report = await session.run({
          ...(total !== undefined ? { expectedTotal: total } : {}),
          onProgress: (p) => void ctx.update(progress, progressMessage(p)).catch(() => undefined),
        });
        await ctx.update(progress, progressMessage(report, false));
        await ctx.post(reportMessage(report), ctx.thread);
        return { ok: report.failed === 0 && !report.stopped && !report.cancelled, summary: reportHeadline(report) };
      } finally {
        runningReplays.remove(ctx.approvalId);
      }
    },
  },
  async interactions(event, services) {
    const ref = event.reaction?.message ?? event.action?.message;
    const actor = event.reaction?.actor ?? event.action?.actor;
    if (!ref || !actor) return false;
    if (event.reaction && !CANCEL_EMOJI.has(event.reaction.emoji)) return false;
    if (event.action && event.action.actionId !== 'cancel') return false;
    const replay = runningReplays.byMessage(ref);
    if (!replay) return false;
    if (!mayCancel(actor, replay.requesterId, services)) return true; // ours, but not theirs to stop
    replay.controller.abort(new Error(`cancelled by ${actor.name}`));
    await services.audit.append({ actor: actorLabel(actor), action: 'stripe.replay.cancel', subject: replay.approvalId });
    return true;
  },
});

/** The requester, or anyone who could have approved it. */
function mayCancel(actor: Actor, requesterId: string, services: Services): boolean {
  const { approverRoles, approverUsers } = services.config.approval;
  return actor.id === requesterId || approverUsers.includes(actor.id) || approverUsers.includes(actor.name) || actor.roles.some((r) => approverRoles.includes(r));
}
