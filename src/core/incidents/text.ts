/**
 * Text typed by people (titles, notes) goes into channel topics, summaries and exports, so it must
 * never ping: broadcast mentions and user/role/channel mention syntax of every platform are
 * neutralised (a zero-width joiner after the @ or inside the <...>), and sizes are bounded.
 */
import { OpsError } from '../errors.js';

export const MAX_TITLE = 200;
export const MAX_NOTE = 3000;

const ZW = '\u2060'; // word joiner: invisible, but breaks the mention token

export function neutraliseMentions(text: string): string {
  return (
    text
      // Slack: <!here>, <!channel>, <!everyone>, <!subteam^S123>, <@U123>, <#C123>
      .replace(/<([!@#])/g, `<${ZW}$1`)
      // Discord: <@123>, <@&123>, <#123> are covered above; plain @everyone / @here / @channel
      .replace(/@(everyone|here|channel)\b/gi, `@${ZW}$1`)
  );
}

/** One line, no control characters, trimmed; refuses empty and oversized text with a clear reason. */
export function cleanTitle(raw: string): string {
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!text) throw new OpsError('BAD_TITLE', 'give the incident a title, e.g. /incident declare Checkout is failing sev:1');
  if (text.length > MAX_TITLE) {
    throw new OpsError('BAD_TITLE', `The title is too long (${text.length} characters; keep it under ${MAX_TITLE}). Put the details in /incident note.`);
  }
  return neutraliseMentions(text);
}

export function cleanNote(raw: string, what = 'note'): string {
  const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]+/g, ' ').trim();
  if (!text) throw new OpsError('BAD_NOTE', `The ${what} is empty. Write what happened, e.g. /incident ${what} restarted the primary`);
  if (text.length > MAX_NOTE) throw new OpsError('BAD_NOTE', `The ${what} is too long (${text.length} characters; the limit is ${MAX_NOTE}). Split it into several.`);
  return neutraliseMentions(text);
}

/** `inc-12-checkout-is-failing`: lower-case, digits and dashes only, at most 80 characters (Slack's limit). */
export function incidentChannelName(n: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f\u2060]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const prefix = `inc-${n}`;
  const room = 80 - prefix.length - 1;
  const cut = slug.slice(0, room).replace(/-+$/, '');
  return cut ? `${prefix}-${cut}` : prefix;
}
