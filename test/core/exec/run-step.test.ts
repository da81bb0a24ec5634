import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../../src/core/redact/redact.js';
import { createStepRunner, killAllSteps } from '../../../src/core/exec/run-step.js';
import { buildStepEnv } from '../../../src/core/exec/step-env.js';
import { groupAlive } from '../../../src/core/exec/process-group.js';
import { liveStepCount } from '../../../src/core/exec/step-registry.js';
import { isRunning, readPids, waitForPids } from './processes.js';

const dir = mkdtempSync(path.join(tmpdir(), 'opsbridge-exec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const baseEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const redactor = createRedactor({ env: { API_TOKEN: 'tok-supersecret-123456' } });
const run = createStepRunner({ redactor, killGraceMs: 300, drainMs: 200 });
let seq = 0;
const pidFile = () => path.join(dir, `pids-${++seq}`);

/** A tree that outlives a plain kill: background job, pipeline, and a subshell ignoring SIGTERM that holds the pipes. */
const TREE = [
  'echo $$ >> "$PIDS"',
  'sleep 100 & echo $! >> "$PIDS"',
  '{ echo $BASHPID >> "$PIDS"; exec sleep 100; } | { echo $BASHPID >> "$PIDS"; exec cat; } &',
  "( trap '' TERM; echo $BASHPID >> \"$PIDS\"; sleep 100; echo survived ) &",
  // a child that handles TERM and carries on, forking new children as it goes
  "( trap 'echo got-term' TERM; echo $BASHPID >> \"$PIDS\"; while :; do sleep 0.05; done ) &",
  'wait',
].join('\n');
const TREE_PIDS = 6;

describe('createStepRunner', () => {
  it('runs the block with bash and returns stdout and stderr interleaved', async () => {
    const r = await run({ script: 'echo one\necho two >&2\necho three', env: baseEnv, timeoutMs: 10_000 });
    expect(r).toMatchObject({ ok: true, exitCode: 0, signal: null, timedOut: false, cancelled: false, truncated: false });
    expect(r.output).toBe('one\ntwo\nthree\n');
    expect(r.reason).toBeUndefined();
  });

  it('reports a failing exit code with the last line of output', async () => {
    const r = await run({ script: 'echo "connection refused" >&2; exit 3', env: baseEnv, timeoutMs: 10_000 });
    expect(r).toMatchObject({ ok: false, exitCode: 3 });
    expect(r.reason).toBe('exit code 3: connection refused');
  });

  it('fails a pipeline when an early command fails (pipefail)', async () => {
    const r = await run({ script: 'false | cat', env: baseEnv, timeoutMs: 10_000 });
    expect(r.exitCode).toBe(1);
    expect(r.ok).toBe(false);
  });

  it('settles with a readable reason when the program does not exist', async () => {
    const r = await run({ script: 'pm2-not-installed-xyz restart app', env: baseEnv, timeoutMs: 10_000 });
    expect(r.exitCode).toBe(127);
    expect(r.reason).toBe('exit code 127: command not found (pm2-not-installed-xyz)');
  });

  it('settles with a reason when the step cannot start at all', async () => {
    const r = await run({ script: 'echo hi', env: baseEnv, timeoutMs: 10_000, cwd: path.join(dir, 'missing') });
    expect(r.ok).toBe(false);
    expect(r.exitCode).toBeNull();
    expect(r.reason).toMatch(/^could not start: .*cwd/);
  });

  it('gives steps that read stdin an immediate end of input instead of hanging', async () => {
    const r = await run({ script: 'cat; echo after', env: baseEnv, timeoutMs: 10_000 });
    expect(r.output).toBe('after\n');
    expect(r.timedOut).toBe(false);
  });

  it('kills the whole process tree on timeout, including children that ignore SIGTERM', async () => {
    const PIDS = pidFile();
    const r = await run({ script: TREE, env: { ...baseEnv, PIDS }, timeoutMs: 2000 });
    expect(r).toMatchObject({ timedOut: true, ok: false, cancelled: false });
    expect(r.reason).toBe('timed out after 2.0s');
    expect(r.output).not.toContain('survived');
    const pids = readPids(PIDS);
    expect(pids).toHaveLength(TREE_PIDS);
    expect(pids.filter(isRunning)).toEqual([]);
    // and nothing else of the group either (the loop's latest sleep was never written down)
    expect(groupAlive(pids[0]!)).toBe(false);
    expect(liveStepCount()).toBe(0);
  });

  it('settles even when a process that left the group still holds the output pipe', async () => {
    const PIDS = pidFile();
    const script = 'setsid sleep 100 & echo $! >> "$PIDS"; sleep 100';
    const r = await run({ script, env: { ...baseEnv, PIDS }, timeoutMs: 1000 });
    const [escaped] = readPids(PIDS);
    try {
      expect(r).toMatchObject({ timedOut: true, ok: false, reason: 'timed out after 1.0s' });
    } finally {
      if (escaped !== undefined && isRunning(escaped)) process.kill(escaped, 'SIGKILL');
    }
  });

  it('cancels through the abort signal and leaves nothing running', async () => {
    const PIDS = pidFile();
    const controller = new AbortController();
    const pending = run({ script: TREE, env: { ...baseEnv, PIDS }, timeoutMs: 60_000, signal: controller.signal });
    const pids = await waitForPids(PIDS, TREE_PIDS);
    controller.abort();
    const r = await pending;
    expect(r).toMatchObject({ cancelled: true, timedOut: false, ok: false, reason: 'cancelled' });
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('does not start a step whose signal is already aborted', async () => {
    const marker = path.join(dir, 'should-not-exist');
    const r = await run({ script: `touch ${marker}`, env: baseEnv, timeoutMs: 10_000, signal: AbortSignal.abort() });
    expect(r).toMatchObject({ cancelled: true, ok: false });
    expect(existsSync(marker)).toBe(false);
  });

  it('killAllSteps stops every running step for shutdown', async () => {
    const files = [pidFile(), pidFile()];
    const pending = files.map((PIDS) => run({ script: TREE, env: { ...baseEnv, PIDS }, timeoutMs: 60_000 }));
    const pids = (await Promise.all(files.map((f) => waitForPids(f, TREE_PIDS)))).flat();
    await killAllSteps();
    const results = await Promise.all(pending);
    for (const r of results) expect(r).toMatchObject({ cancelled: true, ok: false, reason: 'stopped: opsbridge is shutting down' });
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('stops background jobs that keep the output open after bash exits', async () => {
    const PIDS = pidFile();
    const r = await run({ script: 'sleep 100 & echo $! >> "$PIDS"; echo started', env: { ...baseEnv, PIDS }, timeoutMs: 60_000 });
    expect(r).toMatchObject({ exitCode: 0, ok: true, timedOut: false, output: 'started\n' });
    expect(r.reason).toMatch(/background processes .* were stopped/);
    expect(readPids(PIDS).filter(isRunning)).toEqual([]);
  });

  it('keeps only the head and tail of 1 GiB of output, in bounded memory', async () => {
    const cap = 64 * 1024;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 25);
    // one process writing straight into the pipe keeps this test as fast as the pipe allows;
    // line-boundary cuts are covered by output-buffer.test.ts
    const size = 1024 * 1024 * 1024;
    const script = `echo FIRST; head -c ${size} /dev/zero; echo; echo LAST`;
    const r = await run({ script, env: baseEnv, timeoutMs: 120_000, maxOutputBytes: cap }).finally(() => clearInterval(sampler));
    expect(r).toMatchObject({ truncated: true, exitCode: 0, ok: true });
    const match = /… (\d+) bytes omitted …\n/.exec(r.output);
    expect(match).not.toBeNull();
    const head = r.output.slice(0, match!.index);
    const tail = r.output.slice(match!.index + match![0].length);
    expect(head.startsWith('FIRST\n')).toBe(true);
    expect(tail.endsWith('\nLAST\n')).toBe(true);
    const kept = Buffer.byteLength(head) - 1 + Buffer.byteLength(tail); // minus the newline before the marker
    expect(kept).toBeLessThanOrEqual(cap);
    expect(Number(match![1])).toBe('FIRST\n'.length + size + '\nLAST\n'.length - kept);
    // far less than the 1 GiB that passed through
    expect(rssPeak - rssBefore).toBeLessThan(256 * 1024 * 1024);
  }, 120_000); // a few seconds on an idle machine: the pipe's throughput is all it takes

  it('does not pass a secret from the parent environment to the child', async () => {
    process.env.OPSBRIDGE_TEST_API_TOKEN = 'parent-secret-value-98765';
    try {
      // even an allowlist entry cannot pull a secret-named variable through
      const env = buildStepEnv({ parentEnv: process.env, allowlist: ['PATH', 'OPSBRIDGE_TEST_API_TOKEN'] });
      const r = await run({ script: 'env; echo "seen:${OPSBRIDGE_TEST_API_TOKEN-unset}"', env, timeoutMs: 10_000 });
      expect(r.output).toContain("seen:unset");
      expect(r.output).not.toContain('parent-secret-value-98765');
      expect(r.output).not.toContain('OPSBRIDGE_TEST_API_TOKEN');
    } finally {
      delete process.env.OPSBRIDGE_TEST_API_TOKEN;
    }
  });

  it('gives the child exactly the environment it was handed', async () => {
    const r = await run({ script: 'env', env: { ...baseEnv, REGION: 'eu-west-1' }, timeoutMs: 10_000 });
    const names = r.output
      .trim()
      .split('\n')
      .map((l) => l.slice(0, l.indexOf('=')))
      .filter((n) => !['PWD', 'SHLVL', '_'].includes(n)); // set by bash itself
    expect(names.sort()).toEqual(['PATH', 'REGION']);
  });

  it('keeps injection attempts through params inert', async () => {
    const pwned = path.join(dir, 'pwned');
    const attempts = [`v1; touch ${pwned}`, `$(touch ${pwned})`, `\`touch ${pwned}\``, `v1' && touch ${pwned} && '`, `v1\ntouch ${pwned}`];
    for (const VERSION of attempts) {
      const env = buildStepEnv({ parentEnv: process.env, allowlist: ['PATH'], params: { VERSION } });
      const r = await run({ script: 'git checkout "$VERSION" 2>/dev/null; printf "%s|" "$VERSION"; echo $VERSION', env, timeoutMs: 10_000 });
      expect(r.output.startsWith(`${VERSION}|`)).toBe(true);
      expect(existsSync(pwned)).toBe(false);
    }
  });

  it('redacts secrets in the output', async () => {
    const r = await run({ script: 'echo "token is tok-supersecret-123456"; echo "db postgres://app:hunter2pw@db:5432/app"', env: baseEnv, timeoutMs: 10_000 });
    expect(r.output).toBe('token is [REDACTED]\ndb postgres://app:[REDACTED]@db:5432/app\n');
  });
});
