/**
 * Every Web API request the Slack adapter makes (posts, edits, ephemeral notices, whatever Bolt or
 * a later feature sends) has its arguments redacted on the way out, through the WebClient's
 * injectable `fetch`: one boundary, so no call site can forget. The `token` argument is never
 * touched; JSON-valued arguments (`blocks`) are redacted as the JSON they are.
 */
import type { webApi } from '@slack/bolt';
import { redactJson } from '../../core/redact/redact-deep.js';
import type { Redactor } from '../../core/redact/types.js';

type FetchFunction = NonNullable<webApi.WebClientOptions['fetch']>;
type Init = Parameters<FetchFunction>[1];

const UNTOUCHED = new Set(['token']);

export function redactingFetch(redactor: Redactor, inner?: FetchFunction): FetchFunction {
  const send: FetchFunction = inner ?? ((url, init) => globalThis.fetch(url, init as RequestInit) as unknown as ReturnType<FetchFunction>);
  return (url, init) => send(url, init && { ...init, body: redactBody(init, redactor) });
}

function redactBody(init: NonNullable<Init>, r: Redactor): NonNullable<Init>['body'] {
  const body = init.body;
  if (body === undefined) return body;
  if (typeof body === 'string') {
    const type = Object.entries(init.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    if (type.includes('application/json')) return JSON.stringify(redactJson(JSON.parse(body) as unknown, r));
    const params = new URLSearchParams(body);
    const out = new URLSearchParams();
    for (const [k, v] of params) out.append(k, UNTOUCHED.has(k) ? v : redactValue(v, r));
    return out.toString();
  }
  const form = new FormData();
  for (const [k, v] of body.entries()) {
    if (typeof v === 'string' && !UNTOUCHED.has(k)) form.append(k, redactValue(v, r));
    else form.append(k, v);
  }
  return form;
}

/** a form value that holds JSON (`blocks`, `attachments`) stays valid JSON */
function redactValue(v: string, r: Redactor): string {
  if (v.startsWith('[') || v.startsWith('{')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(v) as unknown, r));
    } catch {
      // not JSON after all: plain text
    }
  }
  return r.redact(v);
}
