/**
 * The supervisor's half of `/metrics`: asks every server process for its registry (as JSON), waits
 * for the answers (at most `COLLECT_TIMEOUT_MS`; a process that does not answer counts with its last
 * snapshot), and sums them with the last totals of the processes that died (src/metrics/aggregate.ts).
 * Also the supervisor's own metrics: server-process restarts, processes running, apps quarantined.
 */
import { Counter, Gauge } from 'prom-client';
import { MetricsAggregator } from '../metrics/aggregate.ts';
import type { MetricsSnapshot, ToServer } from './messages.ts';
import type { ServerProcess } from './supervisor.ts';

const COLLECT_TIMEOUT_MS = 2000;

interface Collection {
  waitingFor: Set<ServerProcess>;
  done(): void;
}

export class MetricsCollector {
  readonly #aggregator = new MetricsAggregator();
  readonly #processes: () => Iterable<ServerProcess>;
  readonly #latest = new Map<ServerProcess, MetricsSnapshot>();
  readonly #collections = new Map<number, Collection>();
  readonly #restarts: Counter;
  #nextId = 1;

  constructor(processes: () => Iterable<ServerProcess>, quarantined: () => number) {
    this.#processes = processes;
    const registers = [this.#aggregator.registry];
    this.#restarts = new Counter({
      name: 'nano_server_restarts_total',
      help: 'Server processes that died unexpectedly and were replaced (or were about to be)',
      registers,
    });
    new Gauge({
      name: 'nano_server_processes',
      help: 'Server processes running',
      registers,
      collect() {
        this.set([...processes()].length);
      },
    });
    new Gauge({
      name: 'nano_apps_quarantined',
      help: 'Apps answered 503 because their server process crashed repeatedly while running them',
      registers,
      collect() {
        this.set(quarantined());
      },
    });
  }

  restarted(): void {
    this.#restarts.inc();
  }

  /** Collects from every process and renders the sum. */
  async render(): Promise<{ text: string; contentType: string }> {
    const id = this.#nextId++;
    const listening = [...this.#processes()].filter((server) => server.listening && server.child.connected);
    const { promise, resolve } = Promise.withResolvers<void>();
    const collection: Collection = { waitingFor: new Set(listening), done: resolve };
    this.#collections.set(id, collection);
    const request: ToServer = { type: 'collect', id };
    for (const server of listening) server.child.send(request);
    if (listening.length === 0) resolve();
    const timer = setTimeout(resolve, COLLECT_TIMEOUT_MS);
    await promise;
    clearTimeout(timer);
    this.#collections.delete(id);
    return this.#aggregator.render([...this.#latest.values()]);
  }

  collected(server: ServerProcess, id: number, metrics: MetricsSnapshot): void {
    this.#latest.set(server, metrics);
    this.#answered(server, id);
  }

  /** The process exited: its last totals are kept in the sums. */
  retire(server: ServerProcess): void {
    const last = this.#latest.get(server);
    this.#latest.delete(server);
    if (last !== undefined) this.#aggregator.retire(last);
    for (const id of this.#collections.keys()) this.#answered(server, id);
  }

  #answered(server: ServerProcess, id: number): void {
    const collection = this.#collections.get(id);
    if (collection === undefined) return;
    collection.waitingFor.delete(server);
    if (collection.waitingFor.size === 0) collection.done();
  }
}
