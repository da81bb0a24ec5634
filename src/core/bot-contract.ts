/**
 * The contract of the chat core (implemented in src/core/bot.ts). Adapters and integration
 * tests build a Bot from Services, adapters and command specs, start it, and push events in
 * through the adapters.
 */
import type { ChatAdapter, ChatHandlers } from './chat.js';
import type { CommandSpec } from './commands/define-command.js';
import type { Services } from './services.js';

export interface BotOptions {
  services: Services;
  adapters: ChatAdapter[];
  commands: CommandSpec[];
}

export interface Bot {
  /** starts adapters (handing them `handlers`), resumes pending approvals, marks interrupted steps */
  start(): Promise<void>;
  /** stop taking commands, let in-flight safe steps finish (bounded), mark executing ones, stop adapters */
  stop(): Promise<void>;
  /** what adapters call; exposed for tests that drive the core without an adapter */
  readonly handlers: ChatHandlers;
  /** resolves when every in-flight invocation / approval execution has settled (tests wait on this) */
  idle(): Promise<void>;
}
