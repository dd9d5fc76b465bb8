/**
 * A small in-process cache for figures that are the same for every visitor and may be a few
 * seconds old (home page aggregates). Per process: each server node keeps its own.
 */
const entries = new Map<string, { expires: number; value: Promise<unknown> }>();

export function cached<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.expires > now) return hit.value as Promise<T>;
  const value = compute();
  entries.set(key, { expires: now + ttlMs, value });
  // A failed computation is not kept.
  value.catch(() => entries.delete(key));
  return value;
}
