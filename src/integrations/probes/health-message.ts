/** /health's reply: one message, probes then vendors, each line with its state icon and latency. */
import type { Message, MessageBlock } from '../../core/message.js';
import { STATE_ICON, type ProbeResult, type VendorResult } from './types.js';

function probeLine(r: ProbeResult): string {
  const http = r.httpStatus !== undefined ? `HTTP ${r.httpStatus}, ` : '';
  const detail = r.error ? ` — ${r.error}` : '';
  return `${STATE_ICON[r.state]} ${r.name}: ${http}${Math.round(r.latencyMs)} ms${detail}`;
}

function vendorLine(r: VendorResult): string {
  const words = r.description ?? r.error ?? r.state;
  return `${STATE_ICON[r.state]} ${r.name}: ${words} (${Math.round(r.latencyMs)} ms)`;
}

export function healthMessage(probes: ProbeResult[], vendors: VendorResult[], title = 'Health'): Message {
  const all = [...probes, ...vendors];
  const bad = all.filter((r) => r.state !== 'up').length;
  const blocks: MessageBlock[] = [{ type: 'header', text: bad ? `${title}: ${bad} of ${all.length} not healthy` : `${title}: all ${all.length} healthy` }];
  if (probes.length) blocks.push({ type: 'text', text: `Services\n${probes.map(probeLine).join('\n')}` });
  if (vendors.length) blocks.push({ type: 'text', text: `Vendors\n${vendors.map(vendorLine).join('\n')}` });
  blocks.push({ type: 'context', text: '✅ healthy · ⚠️ degraded or unknown · ❌ down' });
  return { blocks };
}
