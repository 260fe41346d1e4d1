/**
 * The server's Prometheus metrics (prom-client), recorded on the main thread as each response is
 * finished. The seed's names keep their meaning: `nano_requests_total`, `nano_errors_total`,
 * `nano_latency_seconds_avg`, `nano_uptime_seconds`. Requests to the built-in endpoints are not counted,
 * so scraping `/metrics` does not move the numbers it reports.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from sub-millisecond hello-worlds up to the 30 s response deadline. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class ServerMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter;
  readonly #errors: Counter;
  readonly #duration: Histogram;
  #durationSum = 0;
  #durationCount = 0;

  constructor() {
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
    this.#duration = new Histogram({
      name: 'nano_request_duration_seconds',
      help: 'Time from a request arriving to its response being handed to the socket',
      buckets: DURATION_BUCKETS,
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'nano_latency_seconds_avg',
      help: 'Average request latency',
      registers,
      collect() {
        this.set(metrics.#durationCount === 0 ? 0 : metrics.#durationSum / metrics.#durationCount);
      },
    });
    new Counter({
      name: 'nano_uptime_seconds',
      help: 'Server uptime',
      registers,
      collect() {
        this.reset();
        this.inc(process.uptime());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordRequest(status: number, seconds: number): void {
    this.#requests.inc();
    if (status >= 500) this.#errors.inc();
    this.#duration.observe(seconds);
    this.#durationSum += seconds;
    this.#durationCount++;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
