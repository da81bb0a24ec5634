/**
 * A real child process with the guards installed: an unhandled rejection is logged and the
 * process keeps running; an uncaught exception runs the cleanup and exits 1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/test-bot.js';

const child = (trigger: string) => `
const { installProcessGuards } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/core/process-guards.js')).href)});
const { pino } = await import('pino');
installProcessGuards({ logger: pino({ level: 'info' }, process.stderr), onFatal: async () => { process.stdout.write('cleaned up\\n'); } });
${trigger}
setTimeout(() => { process.stdout.write('still running\\n'); process.exit(0); }, 200);
`;

function run(trigger: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', child(trigger)], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('process guards', () => {
  it('an unhandled rejection is logged and the process keeps running', async () => {
    const r = await run("void Promise.reject(new Error('refresh failed'));");
    expect(r.stdout).toContain('still running');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/unhandled promise rejection.*refresh failed|refresh failed.*unhandled promise rejection/);
  });

  it('an uncaught exception runs the cleanup, then exits 1', async () => {
    const r = await run("setTimeout(() => { throw new Error('boom'); }, 10);");
    expect(r.stdout).toContain('cleaned up');
    expect(r.stdout).not.toContain('still running');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom');
  });
});
