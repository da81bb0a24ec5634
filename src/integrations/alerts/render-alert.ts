/**
 * The alert summary posted first in an alert-declared incident's channel, and the short lines
 * for later changes. Everything the sender chose (labels, annotations, titles) is shown inside
 * code blocks or with mentions neutralised: an alert can never ping a channel, link a phishing
 * page behind other text or restyle the message.
 */
import type { Message, MessageBlock } from '../../core/message.js';
import type { RouteVia } from './route-runbook.js';
import type { AlertNotification, NormalizedAlert } from './types.js';

export const SHOWN_ALERTS = 10;
const SOURCE_NAME = { alertmanager: 'Alertmanager', grafana: 'Grafana', generic: 'A webhook' } as const;
const VIA = { annotation: 'its opsbridge_runbook annotation', runbook_url: 'its runbook_url', labels: "the runbook's alerts: labels" } as const;
const WJ = '\u2060';

/** Slack `<!here>`, `<@U1>`, `<#C1>` and plain `@everyone` / `@here` lose their power (a word joiner breaks the token). */
export function noMentions(text: string): string {
  return text.replace(/<([!@#])/g, `<${WJ}$1`).replace(/@(everyone|here|channel)\b/gi, `@${WJ}$1`);
}

/** Text that is not in a code block: no mentions, no markdown, one line. */
export function inert(text: string, max = 200): string {
  const one = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return noMentions(cut).replace(/[`*_~|[\]]/g, (c) => `${c}${WJ}`);
}

/** Text inside a code block: a backtick run cannot close the fence, and nothing pings. */
function codeSafe(text: string): string {
  return noMentions(text.replace(/`/g, '\u02cb'));
}

export function alertTitle(n: AlertNotification, alerts: NormalizedAlert[]): string {
  const first = alerts[0]!;
  const raw = first.title || first.annotations.summary || n.title || first.labels.alertname || `alert ${first.fingerprint}`;
  return inert(raw, 150) || `alert ${inert(first.fingerprint, 40)}`;
}

function describeAlert(a: NormalizedAlert): string {
  const labels = Object.entries(a.labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const annotations = Object.entries(a.annotations)
    .filter(([k]) => k !== 'opsbridge_runbook')
    .map(([k, v]) => `  ${k}: ${v.length > 500 ? `${v.slice(0, 499)}…` : v}`);
  const value = a.values ? [`  value: ${a.values}`] : [];
  return codeSafe([`${a.status === 'firing' ? '🔥' : '✅'} ${labels || '(no labels)'}`, ...annotations, ...value].join('\n'));
}

export interface SummaryInput {
  notification: AlertNotification;
  alerts: NormalizedAlert[];
  severity: string;
  runbookId?: string;
  via?: RouteVia;
  notes: string[];
}

export function renderAlertSummary(s: SummaryInput): Message {
  const { notification: n, alerts } = s;
  const firing = alerts.filter((a) => a.status === 'firing').length;
  const blocks: MessageBlock[] = [
    { type: 'header', text: `🚨 ${alertTitle(n, alerts)}` },
    {
      type: 'text',
      text: `${SOURCE_NAME[n.source]} reported ${firing} alert${firing === 1 ? '' : 's'} firing (${s.severity}). ${
        s.runbookId
          ? `The ${s.runbookId} runbook was chosen by ${VIA[s.via ?? 'labels']}: its safe diagnostics run now; recovery steps wait for approval.`
          : 'No runbook matched these labels, so nothing runs by itself. Start one with /incident <runbook> once you know which one fits.'
      }`,
    },
  ];
  if (s.notes.length) blocks.push({ type: 'context', text: noMentions(s.notes.join(' · ')) });
  blocks.push({ type: 'code', text: alerts.slice(0, SHOWN_ALERTS).map(describeAlert).join('\n\n') });
  if (alerts.length > SHOWN_ALERTS) blocks.push({ type: 'context', text: `…and ${(alerts.length - SHOWN_ALERTS).toLocaleString('en-US')} more alerts; every one is on the incident timeline.` });
  if (n.truncatedAlerts > 0) blocks.push({ type: 'context', text: `The sender left out ${n.truncatedAlerts} more alerts of this group (its max_alerts setting).` });
  const links = uniqueLinks(alerts);
  if (links.length) blocks.push({ type: 'fields', fields: links.map((l) => ({ label: l.label, value: l.url })) });
  return { blocks };
}

function uniqueLinks(alerts: NormalizedAlert[]): { label: string; url: string }[] {
  const seen = new Set<string>();
  const out: { label: string; url: string }[] = [];
  for (const a of alerts) {
    for (const l of a.links) {
      if (seen.has(l.url) || out.length >= 6) continue;
      seen.add(l.url);
      out.push({ label: l.label[0]!.toUpperCase() + l.label.slice(1), url: l.url.replace(/[\s<>]/g, encodeURIComponent) });
    }
  }
  return out;
}

/** One line for the timeline and the channel when an alert of an open incident changes. */
export function changeLine(a: NormalizedAlert, change: 'fired' | 'resolved'): string {
  const name = a.labels.alertname ?? a.title ?? a.fingerprint;
  const where = a.labels.instance ?? a.labels.job ?? a.labels.service;
  return `${change === 'fired' ? 'alert firing' : 'alert resolved'}: ${inert(name, 120)}${where ? ` on ${inert(where, 80)}` : ''} (${inert(a.fingerprint, 40)})`;
}
