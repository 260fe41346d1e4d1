/**
 * One server process's Prometheus metrics (prom-client), recorded on its main thread as each response
 * is finished. `/metrics` never renders these alone: the supervisor collects every process's registry
 * and sums them (src/metrics/aggregate.ts), which also adds `nano_uptime_seconds` and
 * `nano_latency_seconds_avg` (seed names, computed over all processes). Requests to the built-in
 * endpoints are not counted, so scraping `/metrics` does not move the numbers it reports.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { EVICTION_REASONS, RECYCLE_REASONS } from '../../pool/recycle-policy.ts';
import { readIsolateCounts } from './isolate-counters.ts';

/** Seconds: from sub-millisecond hello-worlds up to the 30 s response deadline. */
export const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

/** What the process reads from its pool and its threads' shared counters when collected. */
export interface MetricsSources {
  isolateCounters: SharedArrayBuffer;
  poolLoad(): { queued: number; utilisation: number };
}

function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter;
  readonly #errors: Counter;
  readonly #duration: Histogram;
  readonly #appRequests: Counter<'app' | 'class'>;
  readonly #appDuration: Histogram<'app'>;
  readonly #limitTerminations: Counter<'reason'>;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'nano_requests_total',
      help: 'Total HTTP requests answered for apps (built-in endpoints not counted)',
      registers,
    });
    this.#errors = new Counter({
      name: 'nano_errors_total',
      help: 'Total error responses (status 500-599)',
      registers,
    });
    this.#limitTerminations = new Counter({
      name: 'nano_limit_terminations_total',
      help: 'Requests NANO stopped at a limit, by reason (cpu, memory): answered 503 with x-nano-limit',
      labelNames: ['reason'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'nano_request_duration_seconds',
      help: 'Time from a request arriving to its response being handed to the socket',
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.#appRequests = new Counter({
      name: 'nano_app_requests_total',
      help: 'Requests answered, by app and status class (2xx, 4xx, 5xx; 4xx includes 499 client closed)',
      labelNames: ['app', 'class'],
      registers,
    });
    this.#appDuration = new Histogram({
      name: 'nano_app_request_duration_seconds',
      help: 'Time from a request arriving to its response being handed to the socket, by app',
      labelNames: ['app'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    registerIsolateMetrics(registers, sources.isolateCounters);
    new Gauge({
      name: 'nano_pool_queue_depth',
      help: 'Requests waiting for a pool thread',
      registers,
      collect() {
        this.set(sources.poolLoad().queued);
      },
    });
    new Gauge({
      name: 'nano_pool_utilisation',
      help: 'Requests running in pool threads as a fraction of what they may run at once (summed over processes)',
      registers,
      collect() {
        this.set(sources.poolLoad().utilisation);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** A request stopped at a limit (pool/isolate-limits.ts). */
  recordLimitTermination(reason: string): void {
    this.#limitTerminations.inc({ reason });
  }

  recordRequest(status: number, seconds: number, app: string): void {
    this.#requests.inc();
    if (status >= 500) this.#errors.inc();
    this.#duration.observe(seconds);
    this.#appRequests.inc({ app, class: statusClass(status) });
    this.#appDuration.observe({ app }, seconds);
  }
}

function registerIsolateMetrics(registers: Registry[], buffer: SharedArrayBuffer): void {
  const counts = () => readIsolateCounts(buffer);
  new Gauge({
    name: 'nano_isolates_live',
    help: 'App isolates alive in the pool threads',
    registers,
    collect() {
      this.set(counts().live);
    },
  });
  new Counter({
    name: 'nano_isolates_created_total',
    help: 'App isolates created',
    registers,
    collect() {
      this.reset();
      this.inc(counts().created);
    },
  });
  reasonCounter(registers, 'nano_isolates_recycled_total', RECYCLE_REASONS, () => counts().recycled, {
    help: 'App isolates replaced by a fresh one, by reason (requests, age, heap)',
  });
  reasonCounter(registers, 'nano_isolates_evicted_total', EVICTION_REASONS, () => counts().evicted, {
    help: 'App isolates dropped, by reason (lru: over the per-thread cap; idle: past the idle timeout)',
  });
  new Gauge({
    name: 'nano_isolate_heap_bytes',
    help: 'Heap in use by live app isolates (sampled every few requests)',
    registers,
    collect() {
      this.set(counts().heapBytes);
    },
  });
}

/** A counter labelled `reason` whose values are read from the shared table when collected. */
function reasonCounter<Reason extends string>(
  registers: Registry[],
  name: string,
  reasons: readonly Reason[],
  read: () => Record<Reason, number>,
  { help }: { help: string },
): void {
  new Counter({
    name,
    help,
    labelNames: ['reason'],
    registers,
    collect() {
      const values = read();
      this.reset();
      for (const reason of reasons) this.inc({ reason }, values[reason]);
    },
  });
}
