/**
 * One GET with a deadline enforced through AbortSignal on the injected clock, so tests move
 * time instead of waiting. Never throws: failures come back as a reason a person can read.
 */
import type { ProbeDeps } from './types.js';

export type TimedFetchResult =
  | { ok: true; status: number; body: string; latencyMs: number }
  | { ok: false; error: string; latencyMs: number; status?: number };

/** Bodies beyond this are not needed to judge health; reading stops there. */
const MAX_PROBE_BODY = 256 * 1024;

export async function timedFetch(url: string, timeoutMs: number, deps: ProbeDeps, readBody: boolean): Promise<TimedFetchResult> {
  const controller = new AbortController();
  const started = deps.clock.now();
  let timedOut = false;
  const timer = deps.clock.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const elapsed = () => deps.clock.now() - started;
  try {
    const res = await deps.fetch(url, {
      method: 'GET',
      signal: controller.signal,
      redirect: 'follow',
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'opsbridge-health' },
    });
    const body = readBody ? await readCapped(res) : (await res.body?.cancel(), '');
    return { ok: true, status: res.status, body, latencyMs: elapsed() };
  } catch (err) {
    if (timedOut) return { ok: false, error: `timed out after ${formatMs(timeoutMs)}`, latencyMs: elapsed() };
    return { ok: false, error: describeFetchError(err), latencyMs: elapsed() };
  } finally {
    deps.clock.clearTimeout(timer);
  }
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size >= MAX_PROBE_BODY) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** undici hides the useful part in `cause`: ECONNREFUSED, ENOTFOUND, certificate errors. */
export function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timed out';
    default:
      return cause?.message ?? (err instanceof Error ? err.message : String(err));
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
