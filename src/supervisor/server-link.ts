/**
 * A server process's side of the IPC channel to its supervisor: reports (listening, ready, which apps
 * have requests in flight), the quarantine list, metrics collection, and the shutdown order. When the
 * channel closes (the supervisor died), the process shuts down as if told to: an orphaned server would
 * otherwise keep the port with nobody to restart or stop it.
 */
import type { MetricsSnapshot, ToServer, ToSupervisor } from './messages.ts';

export type StartMessage = Extract<ToServer, { type: 'start' }>;

export interface MetricsText {
  text: string;
  contentType: string;
}

/** How often quarantined apps' versions are compared (a reload is rare; the check is a map lookup). */
const VERSION_CHECK_MS = 1000;
/** How long a `/metrics` answer may wait for the supervisor. */
const METRICS_TIMEOUT_MS = 5000;

export class ServerLink {
  readonly #quarantined = new Set<string>();
  readonly #waiting = new Map<number, (answer: MetricsText | Error) => void>();
  #nextId = 1;
  #collect: () => Promise<MetricsSnapshot> = () => Promise.resolve([]);
  /** The version each quarantined app had when it was quarantined here. */
  readonly #quarantinedVersions = new Map<string, number | undefined>();
  #versionOf: ((app: string) => number | undefined) | undefined;
  #shutdownRequested = Promise.withResolvers<'shutdown' | 'disconnect'>();

  constructor() {
    process.on('message', (message: ToServer) => this.#receive(message));
    process.on('disconnect', () => this.#shutdownRequested.resolve('disconnect'));
  }

  /** Waits for the supervisor's `start` message. */
  static started(): Promise<[ServerLink, StartMessage]> {
    const link = new ServerLink();
    return new Promise((resolve) => {
      process.once('message', (message: ToServer) => {
        if (message.type !== 'start') return;
        link.#setQuarantined(message.quarantined);
        resolve([link, message]);
      });
    });
  }

  /** Settles when the supervisor orders a shutdown or goes away. */
  get shutdownRequested(): Promise<'shutdown' | 'disconnect'> {
    return this.#shutdownRequested.promise;
  }

  isQuarantined(app: string): boolean {
    return this.#quarantined.size > 0 && this.#quarantined.has(app);
  }

  /** Where this process's own metrics come from when the supervisor collects. */
  onCollect(collect: () => Promise<MetricsSnapshot>): void {
    this.#collect = collect;
  }

  listening(port: number, fields: Record<string, unknown>): void {
    this.#send({ type: 'listening', port, fields });
  }

  ready(fields: Record<string, unknown>): void {
    this.#send({ type: 'ready', fields });
  }

  /**
   * Watches the versions of quarantined apps (`versionOf` reads the current one): when a reload brings
   * new code for one, the supervisor is told and lifts its quarantine everywhere.
   */
  watchVersions(versionOf: (app: string) => number | undefined): void {
    this.#versionOf = versionOf;
    this.#recordVersions();
    setInterval(() => {
      for (const [app, version] of this.#quarantinedVersions) {
        if (versionOf(app) === version) continue;
        this.#quarantinedVersions.delete(app);
        this.#send({ type: 'app-changed', app });
      }
    }, VERSION_CHECK_MS).unref();
  }

  appActivity(app: string, busy: boolean): void {
    this.#send({ type: 'app-activity', app, busy });
  }

  /** Every process's metrics, summed by the supervisor. */
  aggregatedMetrics(): Promise<MetricsText> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error('the supervisor did not answer the metrics collection in time'));
      }, METRICS_TIMEOUT_MS);
      this.#waiting.set(id, (answer) => {
        clearTimeout(timer);
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      });
      if (!this.#send({ type: 'metrics-request', id })) {
        this.#waiting.get(id)?.(new Error('the supervisor is gone'));
        this.#waiting.delete(id);
      }
    });
  }

  #receive(message: ToServer): void {
    switch (message.type) {
      case 'quarantine':
        this.#setQuarantined(message.apps);
        break;
      case 'collect':
        this.#collect().then(
          (metrics) => this.#send({ type: 'collected', id: message.id, metrics }),
          () => this.#send({ type: 'collected', id: message.id, metrics: [] }),
        );
        break;
      case 'metrics': {
        const waiter = this.#waiting.get(message.id);
        this.#waiting.delete(message.id);
        waiter?.({ text: message.text, contentType: message.contentType });
        break;
      }
      case 'shutdown':
        this.#shutdownRequested.resolve('shutdown');
        break;
    }
  }

  #setQuarantined(apps: readonly string[]): void {
    this.#quarantined.clear();
    for (const app of apps) this.#quarantined.add(app);
    this.#recordVersions();
  }

  #recordVersions(): void {
    const versionOf = this.#versionOf;
    for (const app of [...this.#quarantinedVersions.keys()]) {
      if (!this.#quarantined.has(app)) this.#quarantinedVersions.delete(app);
    }
    if (versionOf === undefined) return;
    for (const app of this.#quarantined) {
      if (!this.#quarantinedVersions.has(app)) this.#quarantinedVersions.set(app, versionOf(app));
    }
  }

  #send(message: ToSupervisor): boolean {
    if (!process.connected || process.send === undefined) return false;
    process.send(message);
    return true;
  }
}
