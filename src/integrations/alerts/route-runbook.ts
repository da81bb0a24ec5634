/**
 * Which runbook an alert opens, first match wins:
 *   1. annotation `opsbridge_runbook` (or the generic payload's `runbook`): a runbook id or alias;
 *   2. `runbook_url`: its last path segment (`…/runbooks/db.md`) or fragment (`…#db`) naming a
 *      runbook id, alias or file name;
 *   3. a runbook's front-matter `alerts:` label matchers, in catalogue order.
 * Only loaded runbooks can be chosen: a URL is never read or resolved on disk, and one that
 * climbs directories (`../../etc/passwd`, also percent-encoded) selects nothing at all.
 */
import path from 'node:path';
import { matchesLabels } from '../../core/runbook/front-matter-alerts.js';
import type { Runbook } from '../../core/runbook/model.js';
import type { NormalizedAlert } from './types.js';

export type RouteVia = 'annotation' | 'runbook_url' | 'labels';

export interface RouteResult {
  runbook?: Runbook;
  via?: RouteVia;
  /** why a hint the sender gave was not used, shown in the alert summary */
  notes: string[];
}

const ID = /^[a-z0-9][a-z0-9._-]*$/i;

function byName(runbooks: Runbook[], name: string): Runbook | undefined {
  const key = name.trim().toLowerCase();
  if (!ID.test(key)) return undefined;
  return runbooks.find((rb) => rb.id.toLowerCase() === key || rb.aliases.some((a) => a.toLowerCase() === key));
}

function byFile(runbooks: Runbook[], file: string): Runbook | undefined {
  const key = file.toLowerCase();
  return runbooks.find((rb) => path.basename(rb.file).toLowerCase() === key);
}

/** Decodes percent-escapes (a few rounds: `%252e` is `%2e` is `.`), or undefined if malformed. */
function decodeFully(s: string): string | undefined {
  let cur = s;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(cur);
    } catch {
      return undefined;
    }
    if (next === cur) return cur;
    cur = next;
  }
  return cur;
}

/** True when the text, however encoded, contains a `..` path segment, a backslash or a NUL. */
export function climbsDirectories(raw: string): boolean {
  const decoded = decodeFully(raw);
  if (decoded === undefined) return true;
  return /(^|[/\\])\.\.([/\\]|$)/.test(decoded) || decoded.includes('\\') || decoded.includes('\0');
}

export function runbookFromUrl(runbooks: Runbook[], raw: string): Runbook | undefined {
  const text = raw.trim();
  if (!text || text.length > 4096 || climbsDirectories(text)) return undefined;
  let pathname = text;
  let fragment = '';
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    pathname = u.pathname;
    fragment = u.hash.slice(1);
  } catch {
    // A relative reference such as "runbooks/db.md#db": split by hand.
    const hash = text.indexOf('#');
    if (hash >= 0) {
      fragment = text.slice(hash + 1);
      pathname = text.slice(0, hash);
    }
    pathname = pathname.split('?')[0]!;
  }
  const segment = decodeFully(pathname.split('/').filter(Boolean).at(-1) ?? '') ?? '';
  const frag = decodeFully(fragment) ?? '';
  if (/\.md$/i.test(segment)) {
    const hit = byFile(runbooks, segment) ?? byName(runbooks, segment.replace(/\.md$/i, ''));
    if (hit) return hit;
  }
  return (frag ? byName(runbooks, frag) : undefined) ?? (segment ? byName(runbooks, segment) : undefined);
}

export function routeAlert(alert: NormalizedAlert, runbooks: Runbook[]): RouteResult {
  const notes: string[] = [];
  const named = alert.annotations.opsbridge_runbook ?? alert.runbook;
  if (named !== undefined) {
    const hit = byName(runbooks, named);
    if (hit) return { runbook: hit, via: 'annotation', notes };
    notes.push(`opsbridge_runbook ${JSON.stringify(named.slice(0, 64).replace(/[`*_~|<>[\]]/g, ''))} names no loaded runbook`);
  }
  const url = alert.annotations.runbook_url ?? alert.annotations.runbook;
  if (url !== undefined && url.trim()) {
    if (climbsDirectories(url)) notes.push('runbook_url was ignored: it points outside the runbooks directory');
    else {
      const hit = runbookFromUrl(runbooks, url);
      if (hit) return { runbook: hit, via: 'runbook_url', notes };
      notes.push('runbook_url names no loaded runbook');
    }
  }
  for (const rb of runbooks) {
    if (rb.alerts?.match.some((group) => matchesLabels(group, alert.labels))) return { runbook: rb, via: 'labels', notes };
  }
  return { notes };
}
