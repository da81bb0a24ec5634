/**
 * Every REST request the Discord adapter makes (channel messages, edits, thread names, interaction
 * replies and follow-ups, which discord.js sends through the same REST client) has its JSON body
 * redacted on the way out: one boundary, so no call site can forget. Files pass untouched.
 */
import type { REST } from 'discord.js';
import { redactDeep } from '../../core/redact/redact-deep.js';
import type { Redactor } from '../../core/redact/types.js';

export function redactRequests(rest: REST, redactor: Redactor): void {
  const request = rest.request.bind(rest);
  rest.request = (options) => request(options.body === undefined ? options : { ...options, body: redactDeep(options.body, redactor) });
}
