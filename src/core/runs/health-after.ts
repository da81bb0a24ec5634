/** After a rollback: run the configured /health probes and report them in the run's thread. */
import { runProbes } from '../../integrations/probes/run-probes.js';
import { fetchVendorStatus } from '../../integrations/probes/vendor-status.js';
import { STATE_ICON } from '../../integrations/probes/types.js';
import type { Message } from '../message.js';
import type { Services } from '../services.js';

export async function healthReport(services: Services): Promise<Message> {
  const deps = { fetch: services.fetch, clock: services.clock };
  const { probes, vendors } = services.config.health;
  if (probes.length === 0 && vendors.length === 0) {
    return { blocks: [{ type: 'text', text: 'Health: no probes configured (config `health.probes`), so nothing was checked.' }] };
  }
  const [p, v] = await Promise.all([runProbes(probes, deps), fetchVendorStatus(vendors, deps)]);
  const lines = [...p, ...v].map((r) => `${STATE_ICON[r.state]} ${r.name}: ${r.state}${r.httpStatus ? ` (HTTP ${r.httpStatus}, ${Math.round(r.latencyMs)} ms)` : ''}${r.error ? ` — ${r.error}` : ''}`);
  const down = [...p, ...v].filter((r) => r.state !== 'up').length;
  return {
    blocks: [
      { type: 'header', text: down ? `Health after the run: ${down} not healthy` : 'Health after the run: all healthy' },
      { type: 'text', text: lines.join('\n') },
    ],
  };
}
