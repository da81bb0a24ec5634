/** Drives `opsbridge console --json` as a real child process: send lines, wait for JSON events. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './test-bot.js';

export interface ConsoleLine {
  type: 'post' | 'update' | 'notice' | 'error';
  id?: string;
  thread?: string | null;
  text: string;
  user?: string;
  approval?: { state: string; step: number; id: string } | null;
}

export interface ConsoleProcess {
  child: ChildProcessWithoutNullStreams;
  lines: ConsoleLine[];
  stderr: string[];
  send(line: string): void;
  waitFor(pred: (l: ConsoleLine) => boolean, timeoutMs?: number): Promise<ConsoleLine>;
  end(): Promise<number | null>;
  kill9(): Promise<void>;
}

export function startConsole(args: string[], env: Record<string, string | undefined>): ConsoleProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/opsbridge.js'), 'console', '--json', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: ConsoleLine[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as ConsoleLine);
    } catch {
      stderr.push(`non-JSON stdout: ${l}`);
    }
    for (const w of waiters) w();
  });
  createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr,
    send: (line) => child.stdin.write(line + '\n'),
    waitFor(pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = lines.find(pred);
          if (hit) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(hit);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}\nstderr:\n${stderr.join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async end() {
      child.stdin.end();
      return exited;
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
