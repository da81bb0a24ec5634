/** Results of HTTP probes and vendor status checks, as /health shows them. */
import type { Clock } from '../../core/clock.js';

/** up ✅, degraded ⚠️ (answers but reports a problem, or its status is unknown), down ❌ */
export type ProbeState = 'up' | 'degraded' | 'down';

export interface ProbeDeps {
  fetch: typeof fetch;
  clock: Clock;
}

export interface ProbeResult {
  name: string;
  url: string;
  state: ProbeState;
  /** HTTP status when a response arrived */
  httpStatus?: number;
  /** time to the response (and body, when JSON is checked), by the injected clock */
  latencyMs: number;
  /** why it is not up: "expected 200, got 503", "timed out after 5s", "connection refused" */
  error?: string;
}

export type VendorIndicator = 'none' | 'minor' | 'major' | 'critical';

export interface VendorResult extends ProbeResult {
  /** Statuspage indicator; absent when the status could not be read */
  indicator?: VendorIndicator;
  /** the vendor's own words, e.g. "All Systems Operational" */
  description?: string;
}

export const STATE_ICON: Record<ProbeState, string> = { up: '✅', degraded: '⚠️', down: '❌' };
