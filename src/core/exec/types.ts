/** What runs a step. Injected, so the core is tested with the real runner and real child processes. */
export interface StepRequest {
  /** the block's source exactly as written in the runbook; never built from user input */
  script: string;
  /** validated params and allowlisted environment; the child sees nothing else */
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  cwd?: string;
  /** cap on retained output bytes (head + tail) */
  maxOutputBytes?: number;
}

export interface StepResult {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  /** output was longer than the cap; the middle was dropped */
  truncated: boolean;
  /** combined stdout+stderr, redacted */
  output: string;
  /** human-readable reason when it did not exit 0: 'timed out after 30s', 'bash: foo: command not found' */
  reason?: string;
  ok: boolean;
}

export type StepRunner = (req: StepRequest) => Promise<StepResult>;

export type { Redactor } from '../redact/types.js';
