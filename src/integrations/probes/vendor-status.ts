/**
 * Vendor status from Statuspage-format /api/v2/status.json (Stripe, Discord, Slack's mirrors
 * and many SaaS pages publish it): indicator none → up, minor → degraded, major/critical → down.
 * An unreadable status page is "degraded" with the reason: we do not know, so we do not say down.
 */
import pLimit from 'p-limit';
import * as z from 'zod';

import { timedFetch } from './timed-fetch.js';
import type { ProbeDeps, ProbeState, VendorIndicator, VendorResult } from './types.js';

export interface VendorInput {
  name: string;
  url: string;
  /** ms; default 5 s */
  timeoutMs?: number;
}

const statusJson = z.object({
  status: z.object({
    // Documented as none|minor|major|critical; some pages also send "maintenance".
    indicator: z.string().min(1),
    description: z.string(),
  }),
});

const STATE: Record<VendorIndicator, ProbeState> = { none: 'up', minor: 'degraded', major: 'down', critical: 'down' };

export async function fetchVendorStatus(vendors: VendorInput[], deps: ProbeDeps): Promise<VendorResult[]> {
  const limit = pLimit(8);
  return Promise.all(vendors.map((v) => limit(() => fetchOne(v, deps))));
}

async function fetchOne(vendor: VendorInput, deps: ProbeDeps): Promise<VendorResult> {
  const base = { name: vendor.name, url: vendor.url };
  const r = await timedFetch(vendor.url, vendor.timeoutMs ?? 5000, deps, true);
  if (!r.ok) return { ...base, state: 'degraded', latencyMs: r.latencyMs, error: `status unavailable: ${r.error}` };
  if (r.status !== 200) {
    return { ...base, state: 'degraded', httpStatus: r.status, latencyMs: r.latencyMs, error: `status unavailable: HTTP ${r.status}` };
  }
  let parsed: z.infer<typeof statusJson>;
  try {
    parsed = statusJson.parse(JSON.parse(r.body));
  } catch {
    return { ...base, state: 'degraded', httpStatus: r.status, latencyMs: r.latencyMs, error: 'status unavailable: not a Statuspage status.json' };
  }
  const { description } = parsed.status;
  const known = parsed.status.indicator in STATE;
  const indicator = (known ? parsed.status.indicator : undefined) as VendorIndicator | undefined;
  return {
    ...base,
    state: indicator ? STATE[indicator] : 'degraded',
    httpStatus: r.status,
    latencyMs: r.latencyMs,
    indicator,
    description,
    ...(indicator === 'none' ? {} : { error: description }),
    ...(known ? {} : { error: `${description} (indicator "${parsed.status.indicator}")` }),
  };
}
