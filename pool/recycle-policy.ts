/**
 * When a thread replaces or drops an app's isolate: a pure function of the settings and what the
 * isolate looks like after a request, so it can be tested without isolates and read in one place.
 *
 * - recycle (replace with a fresh isolate; the old one finishes its in-flight work first):
 *   after `afterRequests` requests, after `afterMs` of age (both 0 = off, the default), or when the
 *   heap stays above `heapFraction` of the isolate's memory limit for `HEAP_STRIKES` requests in a row
 *   (isolated-vm's limit is soft and some allocations abort the whole process before it is reached:
 *   see the reliability notes, scenario 5 — a fresh isolate is cheaper than a lost process);
 * - evict (drop without a replacement; the next request creates one): the least recently used
 *   isolates beyond `maxIsolates` per thread, and any isolate idle for `idleTimeoutMs` (0 = never).
 */

export interface RecycleSettings {
  /** Requests an isolate serves before it is replaced; 0 = no limit. */
  afterRequests: number;
  /** Age in milliseconds after which an isolate is replaced; 0 = no limit. */
  afterMs: number;
  /** Fraction of the memory limit the heap may stay above before the isolate is replaced. */
  heapFraction: number;
  /** Isolates one thread keeps; the least recently used beyond it are evicted. */
  maxIsolates: number;
  /** Milliseconds without a request after which an isolate is evicted; 0 = never. */
  idleTimeoutMs: number;
}

/** Recycling off, the heap check at 80 %, 100 isolates per thread, no idle eviction. */
export const DEFAULT_RECYCLE_SETTINGS: RecycleSettings = Object.freeze({
  afterRequests: 0,
  afterMs: 0,
  heapFraction: 0.8,
  maxIsolates: 100,
  idleTimeoutMs: 0,
});

export type RecycleReason = 'requests' | 'age' | 'heap';
export type EvictionReason = 'lru' | 'idle';

export const RECYCLE_REASONS: readonly RecycleReason[] = ['requests', 'age', 'heap'];
export const EVICTION_REASONS: readonly EvictionReason[] = ['lru', 'idle'];

/** Consecutive requests the heap must stay high for: one high reading may be garbage not yet collected. */
export const HEAP_STRIKES = 3;

export interface IsolateUsage {
  /** Requests the isolate has been given. */
  requests: number;
  /** Milliseconds since it was created. */
  ageMs: number;
  /** Requests in a row (including this one) after which the heap was above the threshold. */
  heapStrikes: number;
}

/** Why the isolate should be replaced now, or `undefined` to keep it. */
export function recycleReason(settings: RecycleSettings, usage: IsolateUsage): RecycleReason | undefined {
  if (settings.afterRequests > 0 && usage.requests >= settings.afterRequests) return 'requests';
  if (settings.afterMs > 0 && usage.ageMs >= settings.afterMs) return 'age';
  if (usage.heapStrikes >= HEAP_STRIKES) return 'heap';
  return undefined;
}

/** The next count of heap strikes after a reading of `heapFraction`. */
export function heapStrikes(settings: RecycleSettings, previous: number, heapFraction: number): number {
  return heapFraction > settings.heapFraction ? previous + 1 : 0;
}

export interface IdleCandidate<Key> {
  key: Key;
  /** `performance.now()` of its latest request. */
  lastUsed: number;
  /** Requests it is still answering: an isolate at work is never evicted. */
  busy: boolean;
}

/**
 * The isolates to evict, each with its reason: idle ones past the timeout, then the least recently
 * used beyond the cap (among those not busy).
 */
export function evictions<Key>(
  settings: RecycleSettings,
  candidates: readonly IdleCandidate<Key>[],
  now: number,
): Array<[Key, EvictionReason]> {
  const chosen: Array<[Key, EvictionReason]> = [];
  const kept: IdleCandidate<Key>[] = [];
  for (const candidate of candidates) {
    const idle = settings.idleTimeoutMs > 0 && now - candidate.lastUsed >= settings.idleTimeoutMs;
    if (idle && !candidate.busy) chosen.push([candidate.key, 'idle']);
    else kept.push(candidate);
  }
  let excess = kept.length - settings.maxIsolates;
  if (excess <= 0) return chosen;
  const oldestFirst = kept.filter((candidate) => !candidate.busy).sort((a, b) => a.lastUsed - b.lastUsed);
  for (const candidate of oldestFirst) {
    if (excess-- <= 0) break;
    chosen.push([candidate.key, 'lru']);
  }
  return chosen;
}
