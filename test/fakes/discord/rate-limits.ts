/**
 * Per-bucket fixed windows with the headers Discord sends (X-RateLimit-Limit, -Remaining,
 * -Reset, -Reset-After, -Bucket). @discordjs/rest learns limits only from these headers, so they
 * must be exact: remaining counts down within a window and reset-after is the time left in it.
 */
export interface RateRule {
  /** bucket key for this request, or null when the rule does not apply */
  key(method: string, route: string): string | null;
  limit: number;
  windowMs: number;
  /** answer 429 once the window is used up (otherwise headers only) */
  enforce: boolean;
}

export interface RateDecision {
  headers: Record<string, string>;
  limited: boolean;
  retryAfterSec: number;
}

export class RateLimits {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private rules: RateRule[], private now: () => number = Date.now) {}

  take(method: string, route: string): RateDecision | undefined {
    for (const rule of this.rules) {
      const key = rule.key(method, route);
      if (key === null) continue;
      const now = this.now();
      let w = this.windows.get(key);
      if (!w || now >= w.start + rule.windowMs) {
        w = { start: now, count: 0 };
        this.windows.set(key, w);
      }
      const resetAt = w.start + rule.windowMs;
      const resetAfter = Math.max(0, resetAt - now) / 1000;
      const limited = rule.enforce && w.count >= rule.limit;
      if (!limited) w.count++;
      const headers: Record<string, string> = {
        'x-ratelimit-limit': String(rule.limit),
        'x-ratelimit-remaining': String(Math.max(0, rule.limit - w.count)),
        'x-ratelimit-reset': (resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': hash(rule.limit + ':' + route.replace(/\d{5,}/g, ':id')),
      };
      if (limited) {
        headers['retry-after'] = String(Math.max(1, Math.ceil(resetAfter)));
        headers['x-ratelimit-scope'] = 'user';
      }
      return { headers, limited, retryAfterSec: resetAfter };
    }
    return undefined;
  }
}

function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}
