/** Chat renderings of /incidents (the open ones) and /incident timeline. */
import { formatDuration } from '../../duration.js';
import type { Message } from '../../message.js';
import type { Incident, TimelineEvent } from '../model.js';

export function listMessage(incidents: Incident[], nowMs: number): Message {
  if (!incidents.length) return { blocks: [{ type: 'text', text: 'No open incidents. /incident declare <title> [sev:0-4] opens one.' }] };
  const lines = incidents.map((i) => {
    const where = i.channel?.name ? ` · #${i.channel.name}` : '';
    const lead = i.roles.commander ? ` · IC ${i.roles.commander.name}` : ' · no commander';
    return `${i.ref} · ${i.severity} · ${i.status} · ${i.title}${where}${lead} · open ${formatDuration(nowMs - Date.parse(i.declaredAt))}`;
  });
  return { blocks: [{ type: 'header', text: `Open incidents (${incidents.length})` }, { type: 'text', text: lines.join('\n') }] };
}

const MAX_LINES = 60;

export function timelineMessage(incident: Incident, events: TimelineEvent[]): Message {
  const lines = events.map((e) => `${e.at.slice(11, 19)} ${e.type} · ${e.actor.name}: ${e.text.slice(0, 200)}`);
  const shown = lines.length > MAX_LINES ? [...lines.slice(0, 10), `… ${lines.length - MAX_LINES} more (opsbridge incident show ${incident.ref} has them all) …`, ...lines.slice(-(MAX_LINES - 10))] : lines;
  return { blocks: [{ type: 'header', text: `${incident.ref} timeline (UTC)` }, { type: 'code', text: shown.join('\n') || '(empty)' }] };
}
