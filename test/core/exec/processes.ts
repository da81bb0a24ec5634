/**
 * Helpers for asserting on real processes. "Running" ignores zombies: a killed orphan stays a
 * zombie until init reaps it, and the sandbox's init never does, yet a zombie runs nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function readPids(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

/** Waits (without a time assertion) until the step has written `count` pids. */
export async function waitForPids(file: string, count: number): Promise<number[]> {
  for (;;) {
    const pids = readPids(file);
    if (pids.length >= count) return pids;
    await sleep(20);
  }
}
