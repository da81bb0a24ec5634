/**
 * Every Web API call the Slack adapter makes (posts, edits, ephemeral notices, whatever Bolt or a
 * later feature adds) has its arguments redacted on the way out: one boundary, so no call site
 * can forget. The call's own `token` is never touched.
 */
import type { webApi } from '@slack/bolt';
import { redactDeep } from '../../core/redact/redact-deep.js';
import type { Redactor } from '../../core/redact/types.js';

const UNTOUCHED = new Set(['token']);

export function redactApiCalls(client: webApi.WebClient, redactor: Redactor): void {
  const apiCall = client.apiCall.bind(client);
  client.apiCall = (method: string, options?: Record<string, unknown>) => apiCall(method, options && redactDeep(options, redactor, UNTOUCHED));
}
