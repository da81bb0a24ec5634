/** Terminal and JSON-lines renderings of console events. */
import { renderPlainText } from '../../core/message.js';
import type { ConsoleEvent } from './console-adapter.js';

/** One JSON object per line: the contract drills and tests script against. */
export function toJsonLine(event: ConsoleEvent): string | undefined {
  switch (event.type) {
    case 'post':
    case 'update':
      return JSON.stringify({
        type: event.type,
        id: event.id,
        channel: event.channel ?? null,
        thread: event.thread,
        ...(event.user ? { user: event.user } : {}),
        text: renderPlainText(event.message),
        approval: event.message.approval ? { state: event.message.approval.state, step: event.message.approval.step, id: event.message.approval.id } : null,
      });
    case 'notice':
      return JSON.stringify({ type: 'notice', channel: event.channel ?? null, user: event.user, text: event.text });
    case 'error':
      return JSON.stringify({ type: 'error', text: event.text });
    case 'info':
      return undefined;
  }
}

const ansi = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const dim = ansi('2');
const bold = ansi('1');
const yellow = ansi('33');
const red = ansi('31');
const cyan = ansi('36');

/** `home`: the configured channel, left unnamed so the usual transcript stays short; others are shown as #name. */
export function toText(event: ConsoleEvent, colour: boolean, home?: string): string {
  const c = (f: (s: string) => string) => (colour ? f : (s: string) => s);
  switch (event.type) {
    case 'post':
    case 'update': {
      const where = event.channel && event.channel !== home ? ` #${event.channel}` : '';
      const label = `[${event.id}${where}${event.thread ? ` in ${event.thread}` : ''}${event.type === 'update' ? ' edited' : ''}]`;
      return `${c(cyan)(label)} ${c(bold)(event.user ?? 'opsbridge')}\n${renderPlainText(event.message)}\n`;
    }
    case 'notice':
      return c(yellow)(`(only ${event.user} sees this${event.channel && event.channel !== home ? ` in #${event.channel}` : ''}) ${event.text}`);
    case 'error':
      return c(red)(event.text);
    case 'info':
      return c(dim)(event.text);
  }
}

/**
 * The terminal rendering with memory: an edit prints only the lines that are new or changed
 * since that message was last printed (and how many went away), not the whole message again:
 * a run's overview with 200 lines of diagnostic output is edited after every step.
 */
export class ConsoleText {
  private readonly shown = new Map<string, string[]>();

  constructor(
    private readonly colour: boolean,
    private readonly home?: string,
  ) {}

  render(event: ConsoleEvent): string | undefined {
    if (event.type !== 'post' && event.type !== 'update') return toText(event, this.colour, this.home);
    const lines = renderPlainText(event.message).split('\n');
    const before = this.shown.get(event.id);
    this.shown.set(event.id, lines);
    if (event.type === 'post' || !before) return toText(event, this.colour, this.home);
    const left = new Map<string, number>();
    for (const l of before) left.set(l, (left.get(l) ?? 0) + 1);
    const changed: string[] = [];
    for (const l of lines) {
      const n = left.get(l) ?? 0;
      if (n > 0) left.set(l, n - 1);
      else changed.push(l);
    }
    const gone = [...left.values()].reduce((a, b) => a + b, 0);
    if (changed.length === 0 && gone === 0) return undefined;
    const c = (f: (s: string) => string) => (this.colour ? f : (s: string) => s);
    const where = event.channel && event.channel !== this.home ? ` #${event.channel}` : '';
    const label = `[${event.id}${where}${event.thread ? ` in ${event.thread}` : ''} edited]`;
    const body = changed.length ? changed.join('\n') : c(dim)(`(${gone} line${gone === 1 ? '' : 's'} removed)`);
    return `${c(cyan)(label)} ${c(bold)(event.user ?? 'opsbridge')}\n${body}\n`;
  }
}
