/**
 * `/metrics` over all server processes (the supervisor does this; src/supervisor/supervisor.ts):
 * every live process's registry (as JSON) is summed with prom-client's AggregatorRegistry, together
 * with the last totals of processes that died — so counters never go backwards when a process is
 * replaced — and the supervisor's own metrics. The seed's `nano_latency_seconds_avg` is then computed
 * from the summed duration histogram, and `nano_uptime_seconds` is the supervisor's uptime.
 */
import { AggregatorRegistry, Counter, Gauge, Registry } from 'prom-client';
import type { MetricsSnapshot } from '../supervisor/messages.ts';

/** Metric types whose values only grow: the ones a dead process's totals are kept for. */
const CUMULATIVE = new Set(['counter', 'histogram']);

function cumulativeOnly(snapshot: MetricsSnapshot): MetricsSnapshot {
  return snapshot.filter((metric) => CUMULATIVE.has(String(metric.type)));
}

export class MetricsAggregator {
  /** The supervisor's own metrics (restarts, processes, quarantines, uptime, average latency). */
  readonly registry = new Registry();
  /** Cumulative metrics of the processes that have exited (compacted into one when rendering). */
  readonly #retired: MetricsSnapshot[] = [];
  #latencyAverage = 0;

  constructor() {
    const aggregator = this;
    new Gauge({
      name: 'nano_latency_seconds_avg',
      help: 'Average request latency',
      registers: [this.registry],
      collect() {
        this.set(aggregator.#latencyAverage);
      },
    });
    new Counter({
      name: 'nano_uptime_seconds',
      help: 'Server uptime',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(process.uptime());
      },
    });
  }

  /** A process exited: its last collected totals stay in the sums from now on. */
  retire(last: MetricsSnapshot): void {
    if (last.length > 0) this.#retired.push(cumulativeOnly(last));
  }

  /** The Prometheus text of everything, given each live process's current snapshot. */
  async render(live: readonly MetricsSnapshot[]): Promise<{ text: string; contentType: string }> {
    await this.#compactRetired();
    const processes = AggregatorRegistry.aggregate([...this.#retired, ...live]);
    const summed = (await processes.getMetricsAsJSON()) as MetricsSnapshot;
    const durationCount = histogramPart(summed, 'nano_request_duration_seconds', 'count');
    const durationSum = histogramPart(summed, 'nano_request_duration_seconds', 'sum');
    this.#latencyAverage = durationCount === 0 ? 0 : durationSum / durationCount;
    const all = AggregatorRegistry.aggregate([
      summed,
      (await this.registry.getMetricsAsJSON()) as MetricsSnapshot,
    ]);
    return { text: await all.metrics(), contentType: all.contentType };
  }

  /** Sums the retired snapshots into one; the list stays whole while this awaits (renders may overlap). */
  async #compactRetired(): Promise<void> {
    const count = this.#retired.length;
    if (count < 2) return;
    const merged = await AggregatorRegistry.aggregate(this.#retired.slice(0, count)).getMetricsAsJSON();
    this.#retired.splice(0, count, merged as MetricsSnapshot);
  }
}

/** The `_count` or `_sum` series of a histogram in a JSON snapshot. */
function histogramPart(snapshot: MetricsSnapshot, name: string, part: 'count' | 'sum'): number {
  const metric = snapshot.find((entry) => entry.name === name);
  const series = metric?.values.find(
    (value) => (value as { metricName?: string }).metricName === `${name}_${part}`,
  );
  return series?.value ?? 0;
}
