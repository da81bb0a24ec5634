/**
 * From an Invocation to a handler, through the middleware every command gets:
 * lookup → access → per-user rate limit → argument validation → handler, inside an error
 * boundary. Users see a short reason (or an error id); the log has the stack; the audit log has
 * every refusal.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { actorLabel } from '../actor-label.js';
import type { Invocation, MessageRef } from '../chat.js';
import { parseDuration } from '../duration.js';
import { isOpsError, OpsError } from '../errors.js';
import type { Poster } from '../poster.js';
import type { Services } from '../services.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { CommandContext, CommandSpec, RunStarter } from './define-command.js';
import { MAX_ARGS_LENGTH, parseArgs } from './parse-args.js';
import { RateLimiter } from './rate-limiter.js';

export type Outcome = 'ok' | 'error' | 'denied' | 'invalid' | 'rate_limited' | 'unknown';

export class Dispatcher {
  private readonly specs = new Map<string, CommandSpec>();
  private readonly limiter: RateLimiter;

  constructor(
    private readonly services: Services,
    private readonly poster: Poster,
    private readonly approvals: ApprovalService,
    private readonly runs: (inv: Invocation) => RunStarter,
    commands: CommandSpec[],
  ) {
    for (const c of commands) this.specs.set(c.name, c);
    const { perUser, window } = services.config.rateLimit;
    this.limiter = new RateLimiter(perUser, parseDuration(window), services.clock);
  }

  commands(): CommandSpec[] {
    return [...this.specs.values()];
  }

  async dispatch(inv: Invocation): Promise<Outcome> {
    const outcome = await this.guarded(inv);
    this.services.metrics?.commands.inc({ command: this.specs.has(inv.command) ? inv.command : 'unknown', outcome });
    return outcome;
  }

  private async guarded(inv: Invocation): Promise<Outcome> {
    const actor = actorLabel(inv.actor);
    const refuse = async (outcome: Outcome, reason: string, text: string): Promise<Outcome> => {
      await this.services.audit.append({ actor, action: 'command.refused', subject: `/${inv.command}`, data: { reason, args: inv.args.slice(0, 500) } });
      await this.poster.notify(inv.actor, inv.channel, text);
      return outcome;
    };
    try {
      const spec = this.specs.get(inv.command);
      if (!spec) return await refuse('unknown', 'unknown command', `Unknown command /${inv.command}. Commands: ${[...this.specs.keys()].map((k) => '/' + k).join(', ')}`);

      const allowed = this.services.config.commandAccess[spec.name] ?? spec.access ?? [];
      if (allowed.length && !inv.actor.roles.some((r) => allowed.includes(r))) {
        return await refuse('denied', 'access', `/${spec.name} needs one of the roles: ${allowed.join(', ')}.`);
      }
      if (!this.limiter.take(`${inv.platform}:${inv.actor.id}`)) {
        const secs = Math.ceil(this.limiter.retryAfterMs(`${inv.platform}:${inv.actor.id}`) / 1000);
        return await refuse('rate_limited', 'rate limit', `Slow down: too many commands. Try again in ${secs}s.`);
      }
      let options: Record<string, unknown>;
      try {
        if (spec.rawArgs && inv.args.length > MAX_ARGS_LENGTH) throw new OpsError('BAD_ARGS', `arguments are too long (${inv.args.length} characters; the limit is ${MAX_ARGS_LENGTH})`);
        const raw = spec.rawArgs ? {} : parseArgs(inv.args, { positional: spec.positional, rest: spec.rest });
        // rawArgs: the handler reads the text itself; `options` then only describes it to platforms
        // that declare options up front (Discord).
        options = spec.options && !spec.rawArgs ? (spec.options.parse(raw) as Record<string, unknown>) : raw;
      } catch (err) {
        const detail = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ') : (err as Error).message;
        return await refuse('invalid', 'invalid arguments', `${detail}\nUsage: /${spec.name} ${spec.usage ?? ''}`.trimEnd());
      }
      await this.services.audit.append({ actor, action: 'command.invoked', subject: `/${spec.name}`, data: { args: inv.args.slice(0, 500) } });
      if (spec.handler) await spec.handler(this.context(inv, options));
      else if (spec.runbook) await this.startRunbookCommand(inv, spec.runbook, options);
      return 'ok';
    } catch (err) {
      if (isOpsError(err)) {
        // Coded errors are expected refusals (bad version, unknown runbook, lock held): say why.
        await this.services.audit.append({ actor, action: 'command.failed', subject: `/${inv.command}`, data: { code: err.code, message: this.services.redactor.redact(err.message) } });
        await this.poster.notify(inv.actor, inv.channel, err.message).catch(() => undefined);
        return 'invalid';
      }
      const errorId = randomBytes(4).toString('hex');
      this.services.logger.error({ err, errorId, command: inv.command }, 'command failed');
      await this.services.audit.append({ actor, action: 'command.error', subject: `/${inv.command}`, data: { errorId } }).catch(() => undefined);
      await this.poster.notify(inv.actor, inv.channel, `Something went wrong running /${inv.command} (error id ${errorId}). The details are in the bot's log.`).catch(() => undefined);
      return 'error';
    }
  }

  /** A command that is just a runbook: its options become the runbook's params. */
  private async startRunbookCommand(inv: Invocation, runbookId: string, options: Record<string, unknown>): Promise<void> {
    const runbook = this.services.runbooks.get(runbookId);
    if (!runbook) throw new OpsError('RUNBOOK_NOT_FOUND', `/${inv.command} runs runbook "${runbookId}", which is not loaded`);
    const params = Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toUpperCase(), String(v)]));
    await this.runs(inv).start(runbook, { params });
  }

  context(inv: Invocation, options: Record<string, unknown>): CommandContext {
    const actor = actorLabel(inv.actor);
    return {
      invocation: inv,
      options,
      services: this.services,
      post: (message, thread?: MessageRef) => this.poster.post(inv.channel, message, { thread: thread?.id }),
      update: (ref, message) => this.poster.update(ref, message),
      notify: (text) => this.poster.notify(inv.actor, inv.channel, text),
      requestApproval: (req) => this.approvals.request(req, { actor: inv.actor, channel: inv.channel, thread: req.thread }),
      runs: this.runs(inv),
      commands: () => [...this.specs.values()].map((c) => ({ name: c.name, description: c.description, ...(c.usage ? { usage: c.usage } : {}) })),
      audit: async (action, subject, data) => {
        await this.services.audit.append({ actor, action, subject, data });
      },
    };
  }
}

