/**
 * The production StepRunner: runs a runbook block in a killable process group with a bounded,
 * redacted output. Always settles with a result, never throws for anything the step does.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { runProcess } from './step-process.js';
import { stepReason } from './step-reason.js';
import { setWatchdogShell } from './watchdog.js';
import type { Redactor, StepRequest, StepResult, StepRunner } from './types.js';

export { killAllSteps } from './step-registry.js';

export interface StepRunnerOptions {
  redactor: Redactor;
  /** time between SIGTERM and SIGKILL for the step's process group (default 2000) */
  killGraceMs?: number;
  /** default cap on retained output when the request names none (default 64 KiB) */
  maxOutputBytes?: number;
  /** how long background jobs may keep writing after bash exits before they are stopped (default 1000) */
  drainMs?: number;
  /** bash to run; found on the bot's own PATH by default, so a step env without PATH still starts */
  shell?: string;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024;

export function createStepRunner(opts: StepRunnerOptions): StepRunner {
  const shell = opts.shell ?? findBash(process.env.PATH);
  setWatchdogShell(shell);
  const settings = {
    shell,
    killGraceMs: opts.killGraceMs ?? 2000,
    drainMs: opts.drainMs ?? 1000,
  };
  return async (req: StepRequest): Promise<StepResult> => {
    const maxOutputBytes = req.maxOutputBytes ?? opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
    const p = await runProcess(req, { ...settings, maxOutputBytes });
    // step output is where unknown vendor tokens show up: secretlint's preset on top of our own patterns
    const raw = p.output.text();
    const output = opts.redactor.redactAsync ? await opts.redactor.redactAsync(raw) : opts.redactor.redact(raw);
    const reason = stepReason({ ...p, output, timeoutMs: req.timeoutMs });
    const result: StepResult = {
      exitCode: p.exitCode,
      signal: p.signal,
      durationMs: Math.round(p.durationMs),
      timedOut: p.timedOut,
      cancelled: p.cancelled,
      truncated: p.output.truncated,
      output,
      ok: p.exitCode === 0 && !p.timedOut && !p.cancelled && p.startError === undefined,
    };
    if (reason !== undefined) result.reason = opts.redactor.redact(reason);
    return result;
  };
}

/** The first executable `bash` on `searchPath`, resolved once so every spawn skips the PATH search. */
export function findBash(searchPath: string | undefined): string {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'bash');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return '/bin/bash';
}
