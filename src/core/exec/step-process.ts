/**
 * One step's child process from spawn to settlement. `bash -o pipefail -c <script>` runs as the
 * leader of its own process group; timeout, abort and shutdown all end the same way: SIGTERM to
 * the group, SIGKILL to whatever is still running after the grace period. The promise settles
 * once bash has exited and its output pipes are closed — and if something outside the group
 * still holds a pipe after SIGKILL, we stop reading rather than wait forever.
 */
import { errorMessage } from '../errors.js';
import { BoundedOutput } from './output-buffer.js';
import { groupAlive, signalGroup } from './process-group.js';
import { registerStep } from './step-registry.js';
import { watchGroup } from './watchdog.js';
import type { StepRequest } from './types.js';

export interface ProcessSettings {
  shell: string;
  killGraceMs: number;
  drainMs: number;
  maxOutputBytes: number;
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  /** stopped by killAllSteps() */
  shutdown: boolean;
  /** bash exited but background jobs kept the output open; they were stopped */
  leftoversStopped: boolean;
  startError?: string;
  output: BoundedOutput;
}

const POLL_MS = 20;
/** setTimeout fires at once for delays beyond a signed 32-bit millisecond count */
const MAX_TIMER_MS = 2 ** 31 - 1;

// execa (and its ~150 modules) loads with the first step, not at start: most processes never run one.
let execaModule: typeof import('execa') | undefined;

function spawnStep(req: StepRequest, shell: string) {
  const { execa } = execaModule!;
  // Two pipes cannot keep the order of interleaved stdout/stderr writes; one pipe can. The prefix
  // is a fixed shell setting on the block's first line (so bash's "line N" messages still match the
  // runbook); the block text itself is passed through untouched.
  return execa(shell, ['-o', 'pipefail', '-c', `exec 2>&1; ${req.script}`], {
    env: req.env,
    extendEnv: false,
    detached: true, // own process group: one kill reaches background jobs and pipelines
    cwd: req.cwd,
    stdin: 'ignore', // a step that reads stdin gets EOF instead of hanging
    buffer: false, // we keep a bounded head + tail ourselves
    reject: false,
  });
}
type StepSubprocess = ReturnType<typeof spawnStep>;

/**
 * The first step waits for execa to load. A shutdown in that window must still stop the step, so
 * the pending start is registered like a running one: stopping it means it never spawns.
 */
function loadExecaThenRun(req: StepRequest, cfg: ProcessSettings): Promise<ProcessOutcome> {
  let stoppedBeforeSpawn = false;
  const unregister = registerStep(async () => {
    stoppedBeforeSpawn = true;
  });
  return import('execa').then((m) => {
    execaModule = m;
    unregister();
    if (!stoppedBeforeSpawn) return runProcess(req, cfg);
    return {
      exitCode: null,
      signal: null,
      durationMs: 0,
      timedOut: false,
      cancelled: true,
      shutdown: true,
      leftoversStopped: false,
      output: new BoundedOutput(cfg.maxOutputBytes),
    };
  });
}

export function runProcess(req: StepRequest, cfg: ProcessSettings): Promise<ProcessOutcome> {
  if (!execaModule) return loadExecaThenRun(req, cfg);
  const started = performance.now();
  const outcome: ProcessOutcome = {
    exitCode: null,
    signal: null,
    durationMs: 0,
    timedOut: false,
    cancelled: false,
    shutdown: false,
    leftoversStopped: false,
    output: new BoundedOutput(cfg.maxOutputBytes),
  };
  const settle = () => ({ ...outcome, durationMs: performance.now() - started });

  if (req.signal?.aborted) {
    outcome.cancelled = true;
    return Promise.resolve(settle());
  }

  let sub: StepSubprocess;
  try {
    sub = spawnStep(req, cfg.shell);
  } catch (err) {
    outcome.startError = errorMessage(err);
    return Promise.resolve(settle());
  }

  const pid = sub.pid;
  if (pid === undefined) {
    // spawn failed (missing shell, bad cwd); execa reports it through its promise
    return sub.then(
      (r) => ({ ...settle(), startError: startFailure(r.message ?? '', r.cause) }),
      (err: unknown) => ({ ...settle(), startError: errorMessage(err) }),
    );
  }
  sub.then(undefined, () => undefined); // we settle from process events; execa's verdict is not needed
  // If the bot dies (even by SIGKILL) while this runs, the watchdog ends the group.
  const unwatch = watchGroup(pid);

  return new Promise<ProcessOutcome>((resolve) => {
    let exited = false;
    let openStreams = 0;
    let killing = false;
    let killDone = false;
    let finished = false;
    let drainTimer: NodeJS.Timeout | undefined;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));

    const streams = [sub.stdout, sub.stderr].filter((s) => s !== null);
    for (const s of streams) {
      openStreams++;
      s.on('data', (chunk: Buffer) => outcome.output.push(chunk));
      s.on('error', () => undefined); // a destroyed pipe is expected when we stop reading
      s.once('close', () => {
        openStreams--;
        check();
      });
    }

    sub.once('exit', (code, signal) => {
      exited = true;
      outcome.exitCode = code;
      outcome.signal = signal;
      if (openStreams > 0 && !killing) {
        // background jobs still hold the output: give them a moment to finish, then stop them
        drainTimer = setTimeout(() => {
          if (openStreams > 0 && !finished) {
            outcome.leftoversStopped = true;
            stop();
          }
        }, cfg.drainMs);
      }
      check();
    });

    const timer = setTimeout(() => {
      if (exited) return; // bash finished in time; leftovers are the drain timer's business
      outcome.timedOut = true;
      stop();
    }, Math.min(Math.max(req.timeoutMs, 0), MAX_TIMER_MS));
    const onAbort = () => {
      outcome.cancelled = true;
      stop();
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const unregister = registerStep(() => {
      if (!finished) {
        outcome.cancelled = true;
        outcome.shutdown = true;
        stop();
      }
      return done;
    });

    function stop(): void {
      if (killing || finished) return;
      killing = true;
      void killGroup().then(() => {
        killDone = true;
        check();
      });
    }

    async function killGroup(): Promise<void> {
      signalGroup(pid!, 'SIGTERM');
      if (!(await waitGone(pid!, cfg.killGraceMs))) {
        signalGroup(pid!, 'SIGKILL');
        await waitGone(pid!, 1000);
      }
      // whatever still holds a pipe now escaped the group (setsid); stop reading so we settle
      if (openStreams > 0) await waitStreams(Math.min(cfg.killGraceMs, 250));
      if (openStreams > 0) for (const s of streams) s.destroy();
      if (!exited) await waitExit(1000);
    }

    function waitStreams(ms: number): Promise<void> {
      return pollUntil(() => openStreams === 0, ms);
    }

    function waitExit(ms: number): Promise<void> {
      return pollUntil(() => exited, ms);
    }

    function check(): void {
      if (finished) return;
      const ended = exited || killDone; // killDone without exit: bash vanished without an event
      if (!ended || (openStreams > 0 && !killDone) || (killing && !killDone)) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      req.signal?.removeEventListener('abort', onAbort);
      unregister();
      unwatch();
      resolve(settle());
      resolveDone();
    }
  });
}

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  await pollUntil(() => !groupAlive(pgid), ms);
  return !groupAlive(pgid);
}

function pollUntil(cond: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const deadline = performance.now() + ms;
    const tick = () => {
      if (cond() || performance.now() >= deadline) resolve();
      else setTimeout(tick, POLL_MS);
    };
    tick();
  });
}

function startFailure(message: string, cause: unknown): string {
  // execa's message is "Command failed with ENOENT: <cmd>\n<explanation>"; the explanation is the useful part
  const detail = message.split('\n')[1]?.trim();
  return detail || errorMessage(cause) || message;
}
