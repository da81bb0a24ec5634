/** Whether a process with this pid runs on this machine (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it runs, as another user
  }
}

/** The pid an `opsbridge start` / `console` replica id begins with (`<pid>-<random>`), if any. */
export function pidOfReplica(replicaId: string): number | undefined {
  const pid = Number(/^(\d+)-/.exec(replicaId)?.[1]);
  return pid > 0 ? pid : undefined;
}
