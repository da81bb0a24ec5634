/** ChatHandlers that record what the adapter hands the core, for adapter-level tests. */
import { EventEmitter } from 'node:events';

import type { Action, ChatHandlers, Invocation, Reaction } from '../../../src/core/chat.js';

export class RecordingHandlers implements ChatHandlers {
  readonly invocations: Invocation[] = [];
  readonly reactions: Reaction[] = [];
  readonly actions: Action[] = [];
  private readonly events = new EventEmitter();

  async onInvocation(inv: Invocation): Promise<void> {
    this.invocations.push(inv);
    this.events.emit('change');
  }

  async onReaction(r: Reaction): Promise<void> {
    this.reactions.push(r);
    this.events.emit('change');
  }

  async onAction(a: Action): Promise<void> {
    this.actions.push(a);
    this.events.emit('change');
  }

  /** resolves once `check` holds; the timeout only turns a hang into a readable failure */
  waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = (): void => {
        const v = check();
        if (v) {
          this.events.off('change', test);
          clearTimeout(timer);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.events.off('change', test);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.events.on('change', test);
      test();
    });
  }
}
