/**
 * The one-line explanation shown under a step that did not simply succeed, written for the
 * on-call engineer reading chat: what happened, in their words, not an errno.
 */
import { constants } from 'node:os';
import { formatDuration } from '../duration.js';

export interface ReasonFacts {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  timeoutMs: number;
  cancelled: boolean;
  shutdown: boolean;
  startError?: string;
  leftoversStopped: boolean;
  /** redacted output, for the program name of a "command not found" */
  output: string;
}

export function stepReason(f: ReasonFacts): string | undefined {
  if (f.startError !== undefined) return `could not start: ${f.startError}`;
  if (f.timedOut) return `timed out after ${formatDuration(f.timeoutMs)}`;
  if (f.shutdown) return 'stopped: opsbridge is shutting down';
  if (f.cancelled) return 'cancelled';
  if (f.signal) return `killed by ${f.signal}`;
  if (f.exitCode !== null && f.exitCode !== 0) {
    const meaning = exitMeaning(f.exitCode, f.output);
    return meaning ? `exit code ${f.exitCode}: ${meaning}` : `exit code ${f.exitCode}`;
  }
  if (f.leftoversStopped) return 'background processes still writing output after the step finished were stopped';
  return undefined;
}

function exitMeaning(code: number, output: string): string | undefined {
  if (code === 127) {
    const name = /([^\s:]+): (?:command )?not found/.exec(output)?.[1];
    return name ? `command not found (${name})` : 'command not found';
  }
  if (code === 126) return 'command found but not executable';
  const signal = code > 128 ? signalName(code - 128) : undefined;
  // with pipefail, `producer | head` fails this way when head stops reading early
  if (signal === 'SIGPIPE') return 'a command was killed by SIGPIPE (a later command in its pipeline stopped reading, e.g. head)';
  if (signal) return `a command was killed by ${signal}`;
  return lastLine(output);
}

function signalName(n: number): string | undefined {
  return Object.entries(constants.signals).find(([, v]) => v === n)?.[0];
}

function lastLine(output: string): string | undefined {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  return last.length > 160 ? `${last.slice(0, 157)}...` : last;
}
