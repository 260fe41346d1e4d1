/**
 * Applies pool/recycle-policy.ts to one thread's isolates for pool/isolate-manager.ts: counts each
 * isolate's requests, samples its heap, says when the current isolate of an app is spent (the manager
 * then retires it — its in-flight work finishes on it — and creates a fresh one), and evicts idle or
 * surplus isolates through the manager's `evict` callback (checked after each creation and once a
 * second). Everything is counted in the process's shared isolate counters
 * (src/metrics/isolate-counters.ts), which `/metrics` reads.
 */
import { addIsolateCount } from '../src/metrics/isolate-counters.ts';
import type { AppIsolate } from './app-isolate.ts';
import {
  DEFAULT_RECYCLE_SETTINGS,
  evictions,
  heapStrikes,
  type RecycleSettings,
  recycleReason,
} from './recycle-policy.ts';

/** The heap is read every this many requests: reading it takes the isolate's lock. */
const HEAP_SAMPLE_EVERY = 8;
const SWEEP_INTERVAL_MS = 1000;

interface Usage {
  createdAt: number;
  lastUsed: number;
  requests: number;
  heapStrikes: number;
  heapKib: number;
}

export interface RecycleKeeperHooks {
  /** The manager's table: app name → its current isolate. */
  table: ReadonlyMap<string, AppIsolate>;
  /** Whether the isolate is running requests or scheduled events (never evicted then). */
  busy(isolate: AppIsolate): boolean;
  /** Takes the app's isolate out of the table and retires it. */
  evict(name: string): void;
}

export class RecycleKeeper {
  readonly #settings: RecycleSettings;
  readonly #hooks: RecycleKeeperHooks;
  readonly #usage = new Map<AppIsolate, Usage>();
  readonly #sweep: NodeJS.Timeout;
  readonly #memoryLimitBytes: number;

  /** `memoryLimitMb`: each isolate's memory limit, which the heap fraction is of. */
  constructor(settings: RecycleSettings | undefined, memoryLimitMb: number, hooks: RecycleKeeperHooks) {
    this.#settings = settings ?? DEFAULT_RECYCLE_SETTINGS;
    this.#memoryLimitBytes = memoryLimitMb * 1024 * 1024;
    this.#hooks = hooks;
    this.#sweep = setInterval(() => this.#evict(), SWEEP_INTERVAL_MS).unref();
  }

  /** A new isolate joined the table. */
  created(isolate: AppIsolate): void {
    const now = performance.now();
    this.#usage.set(isolate, { createdAt: now, lastUsed: now, requests: 0, heapStrikes: 0, heapKib: 0 });
    addIsolateCount('created', 1);
    addIsolateCount('live', 1);
    this.#evict();
  }

  /** True when the app's current isolate must be replaced before its next request (counted as recycled). */
  spent(isolate: AppIsolate): boolean {
    const usage = this.#usage.get(isolate);
    if (usage === undefined) return false;
    const reason = recycleReason(this.#settings, {
      requests: usage.requests,
      ageMs: performance.now() - usage.createdAt,
      heapStrikes: usage.heapStrikes,
    });
    if (reason === undefined) return false;
    addIsolateCount(`recycled:${reason}`, 1);
    return true;
  }

  /** `isolate` is about to get a request. */
  served(isolate: AppIsolate): void {
    const usage = this.#usage.get(isolate);
    if (usage === undefined) return;
    if (usage.requests % HEAP_SAMPLE_EVERY === HEAP_SAMPLE_EVERY - 1 && isolate.state === 'ready') {
      const bytes = isolate.heapUsedBytes();
      const kib = Math.round(bytes / 1024);
      addIsolateCount('heapKib', kib - usage.heapKib);
      usage.heapKib = kib;
      usage.heapStrikes = heapStrikes(this.#settings, usage.heapStrikes, bytes / this.#memoryLimitBytes);
    }
    usage.requests++;
    usage.lastUsed = performance.now();
  }

  /** The isolate left the table (retired, replaced or disposed). */
  forget(isolate: AppIsolate): void {
    const usage = this.#usage.get(isolate);
    if (usage === undefined) return;
    this.#usage.delete(isolate);
    addIsolateCount('live', -1);
    addIsolateCount('heapKib', -usage.heapKib);
  }

  dispose(): void {
    clearInterval(this.#sweep);
    for (const isolate of [...this.#usage.keys()]) this.forget(isolate);
  }

  #evict(): void {
    const candidates = [...this.#hooks.table].flatMap(([key, isolate]) => {
      const usage = this.#usage.get(isolate);
      return usage === undefined ? [] : [{ key, lastUsed: usage.lastUsed, busy: this.#hooks.busy(isolate) }];
    });
    for (const [name, reason] of evictions(this.#settings, candidates, performance.now())) {
      addIsolateCount(`evicted:${reason}`, 1);
      this.#hooks.evict(name);
    }
  }
}
