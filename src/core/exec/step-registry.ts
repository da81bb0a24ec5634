/**
 * Live step process groups, so shutdown can stop them. execa's `cleanup` does not cover
 * detached children, and every step is detached (its own process group), so without this a
 * restart would leave runbook commands running unsupervised.
 */
type StopFn = () => Promise<void>;

const live = new Set<StopFn>();

/** Registers a running step; returns the function that unregisters it once it has settled. */
export function registerStep(stop: StopFn): () => void {
  live.add(stop);
  return () => live.delete(stop);
}

export function liveStepCount(): number {
  return live.size;
}

/** Stops every running step (SIGTERM, then SIGKILL after the grace period) and waits until each has settled. */
export async function killAllSteps(): Promise<void> {
  await Promise.all([...live].map((stop) => stop()));
}
