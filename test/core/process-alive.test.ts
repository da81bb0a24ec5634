import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { pidOfReplica, processAlive } from '../../src/core/process-alive.js';

it('tells a running process from one that exited', async () => {
  expect(processAlive(process.pid)).toBe(true);
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  expect(processAlive(child.pid!)).toBe(false);
});

it('reads the pid a replica id starts with, and nothing from an id without one', () => {
  expect(pidOfReplica('4242-a1b2c3')).toBe(4242);
  expect(pidOfReplica('dead-replica')).toBeUndefined();
  expect(pidOfReplica('0-abc')).toBeUndefined();
});
