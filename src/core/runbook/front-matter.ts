/**
 * The YAML front matter of a runbook, read with `yaml` (never gray-matter: its `---js` front
 * matter is evaluated). Everything is optional; what is wrong becomes a problem with the file line.
 * Keys opsbridge does not know are kept quiet (front matter is shared with other tools, like the
 * planning keys of the seed runbook) unless they look like a typo of a key it does know.
 */
import { parseDocument } from 'yaml';
import { MAX_APPROVAL_TTL_MS, MIN_APPROVAL_TTL_MS } from '../approvals/ttl-bounds.js';
import { parseDuration } from '../duration.js';
import { closest } from './edit-distance.js';
import type { ApprovalOverride, ParamSpec, Problem } from './model.js';
import { readAlertRouting, type AlertRouting } from './front-matter-alerts.js';

export interface FrontMatter {
  id?: string;
  title?: string;
  aliases: string[];
  severity?: string;
  params: Record<string, ParamSpec>;
  approval?: ApprovalOverride;
  alerts?: AlertRouting;
  lock?: string;
}

const KNOWN_KEYS = ['id', 'title', 'aliases', 'severity', 'params', 'approval', 'alerts', 'lock'];
export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/i;
const PARAM_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** `firstLine` is the file line of the YAML's first line (2 when the file starts with ---). */
export function readFrontMatter(yamlText: string, firstLine: number): { fm: FrontMatter; problems: Problem[] } {
  const fm: FrontMatter = { aliases: [], params: {} };
  const problems: Problem[] = [];
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    for (const err of doc.errors.slice(0, 5)) {
      problems.push({ line: lineOf(yamlText, firstLine, err.pos[0]), severity: 'error', message: `front matter is not valid YAML: ${firstSentence(err.message)}` });
    }
    return { fm, problems };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 50 });
  if (data === null || data === undefined) return { fm, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ line: firstLine, severity: 'error', message: 'front matter must be a mapping of keys (id:, title:, aliases: ...)' });
    return { fm, problems };
  }
  const obj = data as Record<string, unknown>;
  const err = (key: string, message: string): void => void problems.push({ line: keyLineOf(yamlText, firstLine, key), severity: 'error', message });

  for (const key of Object.keys(obj)) {
    if (KNOWN_KEYS.includes(key)) continue;
    const near = closest(key, KNOWN_KEYS, 2);
    if (near.length) problems.push({ line: keyLineOf(yamlText, firstLine, key), severity: 'warning', message: `unknown front-matter key "${key}" (did you mean "${near[0]}"?)` });
  }

  if (obj.id !== undefined) {
    const id = scalar(obj.id);
    if (id === undefined || !ID_PATTERN.test(id)) err('id', `id "${String(obj.id)}" must be letters, digits, ".", "_" or "-" (ASCII)`);
    else fm.id = id;
  }
  if (obj.title !== undefined) {
    const title = scalar(obj.title);
    if (title === undefined) err('title', 'title must be text');
    else fm.title = title;
  }
  if (obj.severity !== undefined) {
    const severity = scalar(obj.severity);
    if (severity === undefined) err('severity', 'severity must be text such as SEV-1');
    else fm.severity = severity;
  }
  if (obj.aliases !== undefined) {
    const list = typeof obj.aliases === 'string' ? [obj.aliases] : obj.aliases;
    if (!Array.isArray(list)) err('aliases', 'aliases must be a list: aliases: [database, postgres]');
    else
      for (const a of list) {
        const alias = scalar(a);
        if (alias === undefined || !ID_PATTERN.test(alias)) err('aliases', `alias "${String(a)}" must be letters, digits, ".", "_" or "-" (ASCII)`);
        else fm.aliases.push(alias);
      }
  }
  if (obj.params !== undefined) readParams(obj.params, fm, (m) => err('params', m));
  if (obj.approval !== undefined) readApproval(obj.approval, fm, (m) => err('approval', m));
  if (obj.lock !== undefined) {
    const lock = scalar(obj.lock);
    if (lock === undefined || !/^[A-Za-z0-9:_.{}-]{1,128}$/.test(lock)) err('lock', 'lock must be a name such as rollback:{environment} (letters, digits, ":", "_", ".", "-", and {environment} or {PARAM} placeholders)');
    else {
      const unknown = [...lock.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!).filter((n) => n !== 'environment' && !(n in fm.params));
      if (unknown.length) err('lock', `lock ${lock} names ${unknown.map((n) => `{${n}}`).join(', ')}, which is not a param of this runbook (or {environment})`);
      else fm.lock = lock;
    }
  }
  if (obj.alerts !== undefined) fm.alerts = readAlertRouting(obj.alerts, (m) => err('alerts', m));
  return { fm, problems };
}

function readParams(value: unknown, fm: FrontMatter, err: (m: string) => void): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    err("params must be a mapping: params: { VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' } }");
    return;
  }
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (!PARAM_NAME.test(name)) {
      err(`param name "${name}" must be an environment variable name (A-Z, 0-9, _), because it reaches the script as $${name.toUpperCase()}`);
      continue;
    }
    const spec: ParamSpec = {};
    if (typeof raw === 'string') spec.pattern = raw;
    else if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      const r = raw as Record<string, unknown>;
      if (r.pattern !== undefined) spec.pattern = String(r.pattern);
      if (r.description !== undefined) spec.description = String(r.description);
      if (r.required !== undefined) spec.required = r.required === true;
      if (r.known !== undefined) {
        if (typeof r.known !== 'string' || !r.known.trim()) {
          err(`param ${name} known must be a shell command that prints the accepted values, one per line`);
          continue;
        }
        spec.known = r.known;
      }
    } else if (raw !== null) {
      err(`param ${name} must be a mapping such as { pattern: '...' }`);
      continue;
    }
    if (spec.pattern !== undefined) {
      try {
        new RegExp(spec.pattern, 'u');
      } catch (e) {
        err(`param ${name} pattern ${spec.pattern} is not a valid regular expression: ${(e as Error).message}`);
        continue;
      }
      if (!spec.pattern.startsWith('^') || !spec.pattern.endsWith('$')) {
        err(`param ${name} pattern ${spec.pattern} must be anchored with ^ and $, or it accepts any text containing a match`);
        continue;
      }
    }
    fm.params[name] = spec;
  }
}

function readApproval(value: unknown, fm: FrontMatter, err: (m: string) => void): void {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    err('approval must be a mapping such as { quorum: 2 }');
    return;
  }
  const r = value as Record<string, unknown>;
  const out: ApprovalOverride = {};
  if (r.quorum !== undefined) {
    const q = Number(r.quorum);
    if (!Number.isInteger(q) || q < 1 || q > 20) err(`approval.quorum ${String(r.quorum)} must be a whole number from 1 to 20`);
    else out.quorum = q;
  }
  const self = r.allowSelfApproval ?? r.allow_self_approval;
  if (self !== undefined) out.allowSelfApproval = self === true;
  const ttl = r.ttl ?? r.ttlMs;
  if (ttl !== undefined) {
    try {
      const ms = parseDuration(typeof ttl === 'number' ? ttl : String(ttl));
      // A timer cannot hold more than ~24.8 days, and an approval that waits for days approves a
      // system that has moved on.
      if (ms < MIN_APPROVAL_TTL_MS || ms > MAX_APPROVAL_TTL_MS) err(`approval.ttl ${String(ttl)} must be between 10s and 24h`);
      else out.ttlMs = ms;
    } catch {
      err(`approval.ttl ${String(ttl)} is not a duration; use e.g. 15m`);
    }
  }
  for (const key of ['roles', 'users'] as const) {
    if (r[key] === undefined) continue;
    const list = typeof r[key] === 'string' ? [r[key]] : r[key];
    if (!Array.isArray(list) || list.some((v) => scalar(v) === undefined)) {
      err(`approval.${key} must be a list of ${key === 'roles' ? 'role ids (Slack user-group ids like S0123ABCD, Discord role ids, console role names)' : 'user ids (Slack U0123ABCD, Discord 17–20 digit ids, console user names)'}`);
      continue;
    }
    out[key] = list.map((v) => scalar(v)!);
  }
  fm.approval = out;
}

/** File line of a character offset in the YAML. */
function lineOf(yamlText: string, firstLine: number, offset: number | undefined): number {
  if (offset === undefined) return firstLine;
  let line = firstLine;
  for (let i = 0; i < offset && i < yamlText.length; i++) if (yamlText.charCodeAt(i) === 10) line++;
  return line;
}

/** File line of a top-level key (the first line when it is not found). */
function keyLineOf(yamlText: string, firstLine: number, key: string): number {
  const m = new RegExp(`^${escapeRe(key)}\\s*:`, 'm').exec(yamlText);
  return m ? lineOf(yamlText, firstLine, m.index) : firstLine;
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function firstSentence(msg: string): string {
  return msg.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
