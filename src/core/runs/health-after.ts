/** After a rollback: run the configured /health probes and report them in the run's thread, as /health shows them. */
import { healthMessage } from '../../integrations/probes/health-message.js';
import { runProbes } from '../../integrations/probes/run-probes.js';
import { fetchVendorStatus } from '../../integrations/probes/vendor-status.js';
import type { Message } from '../message.js';
import type { Services } from '../services.js';

export async function healthReport(services: Services): Promise<Message> {
  const deps = { fetch: services.fetch, clock: services.clock };
  const { probes, vendors } = services.config.health;
  if (probes.length === 0 && vendors.length === 0) {
    return { blocks: [{ type: 'text', text: 'Health after the run: no probes are configured (`health.probes` in the config file), so nothing was checked.' }] };
  }
  const [p, v] = await Promise.all([runProbes(probes, deps), fetchVendorStatus(vendors, deps)]);
  return healthMessage(p, v, 'Health after the run');
}
