/**
 * HTTP health probes of the services in config.health.probes: all at once (bounded), each with
 * its own deadline, expected status and optional JSON expectations. A probe never throws;
 * every failure is a result /health can show.
 */
import pLimit from 'p-limit';

import type { ProbeConfig } from '../../config/schema.js';
import { parseDuration } from '../../core/duration.js';
import { firstMismatch } from './json-path.js';
import { timedFetch } from './timed-fetch.js';
import type { ProbeDeps, ProbeResult } from './types.js';

const CONCURRENCY = 8;

/** config shape with defaults optional, so callers and tests can pass plain objects */
export type ProbeInput = Pick<ProbeConfig, 'name' | 'url'> & Partial<Pick<ProbeConfig, 'expectStatus' | 'expectJson' | 'timeout'>>;

export async function runProbes(probes: ProbeInput[], deps: ProbeDeps): Promise<ProbeResult[]> {
  const limit = pLimit(CONCURRENCY);
  return Promise.all(probes.map((p) => limit(() => runProbe(p, deps))));
}

export async function runProbe(probe: ProbeInput, deps: ProbeDeps): Promise<ProbeResult> {
  const expectStatus = probe.expectStatus ?? 200;
  const base = { name: probe.name, url: probe.url };
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(probe.timeout ?? '5s');
  } catch (err) {
    return { ...base, state: 'down', latencyMs: 0, error: (err as Error).message };
  }
  const r = await timedFetch(probe.url, timeoutMs, deps, probe.expectJson !== undefined);
  if (!r.ok) return { ...base, state: 'down', latencyMs: r.latencyMs, error: r.error };
  const result: ProbeResult = { ...base, state: 'up', httpStatus: r.status, latencyMs: r.latencyMs };
  if (r.status !== expectStatus) return { ...result, state: 'down', error: `expected HTTP ${expectStatus}, got ${r.status}` };
  if (probe.expectJson) {
    let body: unknown;
    try {
      body = JSON.parse(r.body);
    } catch {
      return { ...result, state: 'degraded', error: 'response is not JSON' };
    }
    // It answered, but reports something other than healthy: degraded, not down.
    const mismatch = firstMismatch(body, probe.expectJson);
    if (mismatch) return { ...result, state: 'degraded', error: mismatch };
  }
  return result;
}
