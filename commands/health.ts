import * as z from 'zod';

import { defineCommand } from '../src/core/commands/define-command.js';
import { OpsError } from '../src/core/errors.js';
import { healthMessage } from '../src/integrations/probes/health-message.js';
import { runProbes } from '../src/integrations/probes/run-probes.js';
import { fetchVendorStatus } from '../src/integrations/probes/vendor-status.js';

/**
 * /health [service]: probes the configured services (config health.probes) and reads the
 * vendors' Statuspage status (config health.vendors), all at once, in one message.
 */
export default defineCommand({
  name: 'health',
  description: 'Check the health of our services and vendors (one message, with latency)',
  usage: '[service]   e.g. /health or /health api',
  positional: ['service'],
  options: z.object({ service: z.string().max(100).optional() }).strict(),
  async handler(ctx) {
    const { config, fetch, clock } = ctx.services;
    const wanted = (ctx.options as { service?: string }).service?.trim().toLowerCase();
    let { probes, vendors } = config.health;
    if (probes.length === 0 && vendors.length === 0) {
      await ctx.post({
        blocks: [{ type: 'text', text: 'No health checks are configured. Add services under `health.probes` (name, url, expectStatus, expectJson, timeout) and vendors under `health.vendors` (name, Statuspage status.json url).' }],
      });
      return;
    }
    if (wanted) {
      probes = probes.filter((p) => p.name.toLowerCase() === wanted);
      vendors = vendors.filter((v) => v.name.toLowerCase() === wanted);
      if (probes.length === 0 && vendors.length === 0) {
        const known = [...config.health.probes, ...config.health.vendors].map((s) => s.name).join(', ');
        throw new OpsError('UNKNOWN_SERVICE', `unknown service "${wanted}"; known services: ${known}`);
      }
    }
    const deps = { fetch, clock };
    const [p, v] = await Promise.all([runProbes(probes, deps), fetchVendorStatus(vendors, deps)]);
    await ctx.post(healthMessage(p, v, wanted ? `Health of ${probes[0]?.name ?? vendors[0]?.name}` : 'Health'));
  },
});
