/**
 * When the bot dies, its steps die with it. A step runs detached (its own process group), so a
 * `kill -9` of the bot would leave it running to its end, unsupervised. The watchdog is a small
 * bash process, also detached, whose stdin is a pipe from the bot: the bot writes `add PGID` /
 * `del PGID` as steps start and settle. However the bot ends (exit, crash, SIGKILL, OOM kill),
 * the kernel closes the pipe; on EOF the watchdog sends SIGTERM to every group still listed,
 * SIGKILL one second later, and exits. Started lazily with the first step, one per bot process.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Seconds between SIGTERM and SIGKILL once the bot is gone (well inside the 5 s promise). */
const GRACE_S = 1;

const SCRIPT = `
declare -A groups
while read -r op id; do
  case "$op" in
    add) groups[$id]=1 ;;
    del) unset "groups[$id]" ;;
  esac
done
[ \${#groups[@]} -eq 0 ] && exit 0
for id in "\${!groups[@]}"; do kill -TERM -- "-$id" 2>/dev/null; done
sleep ${GRACE_S}
for id in "\${!groups[@]}"; do kill -KILL -- "-$id" 2>/dev/null; done
exit 0
`;

let watchdog: ChildProcess | undefined;
let shellPath = '/bin/bash';

/** Which bash runs the watchdog (the step runner's own); call before the first step. */
export function setWatchdogShell(shell: string): void {
  shellPath = shell;
}

function ensureWatchdog(): ChildProcess | undefined {
  if (watchdog && watchdog.exitCode === null && watchdog.stdin?.writable) return watchdog;
  try {
    const child = spawn(shellPath, ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: '/usr/bin:/bin' } });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    // Neither the process nor the pipe keeps the bot alive: shutdown is explicit.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog = child;
    return child;
  } catch {
    return undefined;
  }
}

/** The watchdog's pid, if it runs (tests assert on it). */
export function watchdogPid(): number | undefined {
  return watchdog?.exitCode === null ? watchdog.pid : undefined;
}

/** Registers a step's process group with the watchdog; the returned function unregisters it. */
export function watchGroup(pgid: number): () => void {
  const w = ensureWatchdog();
  w?.stdin?.write(`add ${pgid}\n`);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (w && w === watchdog && w.stdin?.writable) w.stdin.write(`del ${pgid}\n`);
  };
}
