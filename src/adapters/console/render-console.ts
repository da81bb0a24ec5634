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
