/**
 * Declarative command files: `export default defineCommand({...})` in commands/*.ts.
 * The spec is checked by zod when the file loads; a bad file stops startup naming the file.
 */
import * as z from 'zod';
import type { Actor, ChannelRef, Invocation, MessageRef, Reaction, Action } from '../chat.js';
import type { Message } from '../message.js';
import type { Runbook } from '../runbook/model.js';
import type { Services } from '../services.js';

/** What a handler can do. Posting goes through the core (redaction, coalescing, rate limits). */
export interface CommandContext<O = Record<string, unknown>> {
  invocation: Invocation;
  options: O;
  services: Services;
  /** post a new message in the invocation's channel (a run's thread root) */
  post(message: Message, thread?: MessageRef): Promise<MessageRef>;
  /** edit a posted message; edits to one message are coalesced to at most one per second */
  update(ref: MessageRef, message: Message): Promise<void>;
  /** tell the invoker privately */
  notify(text: string): Promise<void>;
  /**
   * Ask for approval before a side effect. The request and its payload are stored; when the
   * policy is met the executor registered under `kind` runs exactly once, even after a restart.
   */
  requestApproval(request: ApprovalRequest): Promise<{ approvalId: string; message: MessageRef }>;
  /** start a runbook run in this channel (what /incident and /rollback use) */
  runs: RunStarter;
  /** every command this bot has (for /help) */
  commands?: () => { name: string; description: string; usage?: string }[];
  /** audit helper with the actor filled in */
  audit(action: string, subject: string, data?: Record<string, unknown>): Promise<void>;
}

export interface RunStarter {
  /** posts the overview, runs safe diagnostics, gates recovery; resolves with the run id */
  start(runbook: Runbook, options: { step?: number; params: Record<string, string>; note?: string; lock?: string; healthAfter?: boolean }): Promise<string>;
  /** continues the latest stopped or failed run of this runbook here, from step `from` to the end */
  resume?(runbook: Runbook, from: number): Promise<string>;
}

export interface ApprovalRequest {
  /** executor key, as registered in a command's `executors` */
  kind: string;
  /** JSON-serialisable; everything the executor needs later (it may run after a restart) */
  payload: Record<string, unknown>;
  /** shown in the request; for public communication, the exact text the public will see */
  preview: Message;
  /** the step number shown in the request (1 for single actions) */
  step?: number;
  thread?: MessageRef;
  /** overrides of the configured policy (e.g. a runbook's `approval: { quorum: 2 }`) */
  quorum?: number;
  allowSelfApproval?: boolean;
  ttlMs?: number;
  /** replaces who may approve (ids), e.g. a runbook's `approval: { roles: [...], users: [...] }` */
  approvers?: { roles?: string[]; users?: string[] };
  runId?: string;
}

export interface ExecutorContext {
  services: Services;
  approvalId: string;
  requester: { id: string; name?: string };
  channel: ChannelRef;
  thread?: MessageRef;
  /** the approvers whose votes met the quorum */
  approvers: Actor[] | { id: string; name: string }[];
  post(message: Message, thread?: MessageRef): Promise<MessageRef>;
  update(ref: MessageRef, message: Message): Promise<void>;
}

export interface ExecutorResult {
  ok: boolean;
  /** one line for the approval message and the audit log */
  summary: string;
  /** optional details posted in the thread (redacted by the core) */
  details?: Message;
}

export type Executor = (payload: Record<string, unknown>, ctx: ExecutorContext) => Promise<ExecutorResult>;

export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  /** shown in usage errors and Slack's usage hint: '<topic> [step:N]' */
  usage?: string;
  /**
   * Options schema over the parsed arguments. Arguments are split shell-style (quotes respected,
   * never evaluated): `key:value` tokens become named options; the rest fill `positional` in order.
   */
  options?: S;
  /** names for positional arguments, in order; the last one may collect the rest with `rest: true` */
  positional?: string[];
  rest?: boolean;
  /**
   * The handler reads `invocation.args` itself (free text such as a status message with an
   * apostrophe): no splitting or option parsing, only the length limit.
   */
  rawArgs?: boolean;
  /** roles allowed to invoke; absent or empty means anyone (config.commandAccess overrides) */
  access?: string[];
  /** a command that is just a runbook: `/db-down` runs runbook 'db' like /incident db */
  runbook?: string;
  handler?: (ctx: CommandContext<z.infer<S>>) => Promise<void>;
  /** approval executors this command registers, by kind */
  executors?: Record<string, Executor>;
  /**
   * Reactions and button presses on messages that are not approval requests (e.g. cancel on a
   * progress message). Return true if handled; the core offers it to each command in turn.
   */
  interactions?: (event: { reaction?: Reaction; action?: Action }, services: Services) => Promise<boolean>;
}

const specSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'name must be lower-case letters, digits and dashes (max 32), like "replay-stripe"'),
    description: z.string().min(1).max(100, 'description must fit Discord and Slack (100 characters)'),
    usage: z.string().optional(),
    options: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'options must be a zod schema').optional(),
    positional: z.array(z.string()).optional(),
    rest: z.boolean().optional(),
    rawArgs: z.boolean().optional(),
    access: z.array(z.string()).optional(),
    runbook: z.string().optional(),
    handler: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'handler must be a function').optional(),
    interactions: z.custom<(...a: unknown[]) => unknown>((v) => typeof v === 'function', 'interactions must be a function').optional(),
    executors: z.record(z.string(), z.custom<Executor>((v) => typeof v === 'function', 'executor must be a function')).optional(),
  })
  .refine((s) => Boolean(s.handler) !== Boolean(s.runbook), 'a command needs exactly one of `handler` or `runbook`');

export function defineCommand<S extends z.ZodType>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

/** Throws with every problem listed; the loader adds the file name. */
export function validateCommandSpec(value: unknown): CommandSpec {
  const result = specSchema.safeParse(value);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join('.') || 'spec'}: ${i.message}`).join('; '));
  }
  return value as CommandSpec;
}
