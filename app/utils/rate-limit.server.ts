// Fixed-window rate limits kept in this process's memory. Enough for one instance; with several,
// the counters must move to a shared store (see README).
type Window = { count: number; resetAt: number };

const globalForLimits = globalThis as typeof globalThis & { __rateLimits?: Map<string, Window> };
const windows = (globalForLimits.__rateLimits ??= new Map());

export type RateLimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one attempt under each key; refused when any key is over its limit. */
export function hitRateLimit(
  keys: string[],
  { limit, windowMs }: { limit: number; windowMs: number },
  now = Date.now(),
): RateLimitResult {
  let retryAfterMs = 0;
  for (const key of keys) {
    let window = windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limit) retryAfterMs = Math.max(retryAfterMs, window.resetAt - now);
  }
  if (windows.size > 50_000) {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
  }
  return retryAfterMs > 0 ? { ok: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : { ok: true };
}

export function resetRateLimits() {
  windows.clear();
}

export const LIMITS = {
  login: { limit: 10, windowMs: 15 * 60_000 },
  signup: { limit: 5, windowMs: 60 * 60_000 },
  reset: { limit: 5, windowMs: 60 * 60_000 },
  contact: { limit: 5, windowMs: 60 * 60_000 },
} as const;

export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}

export function tooManyMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Trop de tentatives. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`;
}
