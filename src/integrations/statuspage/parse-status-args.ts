/**
 * Parses `/status` arguments from the raw text. The message is the raw remainder, exactly as
 * typed (apostrophes, colons and quotes included), because it is what the public will read.
 *
 *   /status                                           → overview
 *   /status <component> <state> [message]
 *   /status incident open "<title>" impact:<impact> [components:A,B] [status:<state>] <message>
 *   /status incident update <id|latest> <state> <message>
 *   /status incident resolve <id|latest> [message]
 */
import { OpsError } from '../../core/errors.js';
import {
  COMPONENT_STATUSES,
  componentStatusSchema,
  IMPACTS,
  impactSchema,
  INCIDENT_STATUSES,
  incidentStatusSchema,
  MAX_MESSAGE_CHARS,
  type ComponentStatus,
  type Impact,
  type IncidentStatus,
} from './states.js';

export type ParsedStatusArgs =
  | { kind: 'overview' }
  | { kind: 'component'; component: string; status: ComponentStatus; message?: string }
  | { kind: 'incident-open'; name: string; impact: Impact; status: IncidentStatus; components: string[]; body: string }
  | { kind: 'incident-update'; incident: string; status: IncidentStatus; body: string }
  | { kind: 'incident-resolve'; incident: string; body: string };

export const DEFAULT_RESOLVED_BODY = 'This incident has been resolved.';

export const STATUS_USAGE = [
  '/status <component> <state> [message]',
  '/status incident open "<title>" impact:<none|minor|major|critical> [components:API,Webhooks] [status:investigating] <message>',
  '/status incident update <id|latest> <investigating|identified|monitoring|resolved> <message>',
  '/status incident resolve <id|latest> [message]',
].join('\n');

/** one token (quotes group words) and the raw rest */
function take(text: string): [string | undefined, string] {
  const s = text.replace(/^\s+/, '');
  if (!s) return [undefined, ''];
  const q = s[0];
  if (q === '"' || q === '“') {
    const close = q === '“' ? '”' : '"';
    const end = s.indexOf(close, 1);
    if (end < 0) throw new OpsError('STATUS_BAD_ARGS', `unclosed ${q} quote`);
    return [s.slice(1, end), s.slice(end + 1)];
  }
  const m = /^\S+/.exec(s)!;
  return [m[0], s.slice(m[0].length)];
}

function bad(message: string): never {
  throw new OpsError('STATUS_BAD_ARGS', `${message}\nUsage:\n${STATUS_USAGE}`);
}

function oneOf<T extends string>(what: string, value: string | undefined, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, options: readonly string[]): T {
  const r = schema.safeParse(value?.toLowerCase());
  if (!r.success) bad(`${value === undefined ? `missing ${what}` : `invalid ${what} "${value}"`}; use one of: ${options.join(', ')}`);
  return r.data as T;
}

function checkLength(text: string): string {
  const t = text.trim();
  if (t.length > MAX_MESSAGE_CHARS) {
    throw new OpsError('STATUS_MESSAGE_TOO_LONG', `the message is ${t.length} characters; keep it to ${MAX_MESSAGE_CHARS} (it is shown on a public page)`);
  }
  return t;
}

export function parseStatusArgs(raw: string): ParsedStatusArgs {
  let [first, rest] = take(raw);
  if (first === undefined) return { kind: 'overview' };
  if (first.toLowerCase() !== 'incident') {
    const [state, message] = take(rest);
    const status = oneOf<ComponentStatus>('state', state, componentStatusSchema, COMPONENT_STATUSES);
    const text = checkLength(message);
    return { kind: 'component', component: first, status, ...(text ? { message: text } : {}) };
  }
  let action: string | undefined;
  [action, rest] = take(rest);
  switch (action?.toLowerCase()) {
    case 'open': {
      let name: string | undefined;
      let impact: Impact | undefined;
      let status: IncidentStatus = 'investigating';
      let components: string[] = [];
      for (;;) {
        const [tok, after] = take(rest);
        if (tok === undefined) break;
        const opt = /^(impact|components?|status):(.*)$/i.exec(tok);
        if (opt) {
          const key = opt[1]!.toLowerCase();
          if (key === 'impact') impact = oneOf<Impact>('impact', opt[2], impactSchema, IMPACTS);
          else if (key === 'status') status = oneOf<IncidentStatus>('incident state', opt[2], incidentStatusSchema, INCIDENT_STATUSES);
          else components = opt[2]!.split(',').map((c) => c.trim()).filter(Boolean);
          rest = after;
          continue;
        }
        if (name === undefined) {
          name = tok;
          rest = after;
          continue;
        }
        break;
      }
      if (!name) bad('the incident needs a title');
      if (!impact) bad(`say the impact: impact:${IMPACTS.join('|')}`);
      if (status === 'resolved') bad('an incident cannot be opened as resolved');
      const body = checkLength(rest);
      if (!body) bad('opening an incident needs a message for the public page');
      return { kind: 'incident-open', name, impact, status, components, body };
    }
    case 'update': {
      const [incident, r1] = take(rest);
      if (!incident) bad('which incident? give its id or "latest"');
      const [state, r2] = take(r1);
      const status = oneOf<IncidentStatus>('incident state', state, incidentStatusSchema, INCIDENT_STATUSES);
      const body = checkLength(r2);
      if (!body) bad('an incident update needs a message for the public page');
      return { kind: 'incident-update', incident, status, body };
    }
    case 'resolve': {
      const [incident, r1] = take(rest);
      if (!incident) bad('which incident? give its id or "latest"');
      return { kind: 'incident-resolve', incident, body: checkLength(r1) || DEFAULT_RESOLVED_BODY };
    }
    default:
      return bad(`unknown incident action ${action === undefined ? '(none)' : `"${action}"`}; use open, update or resolve`);
  }
}
