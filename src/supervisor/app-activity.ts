/**
 * A server process's own count of the requests it has in flight, per app (from the front door taking
 * a request to its access line), for two readers: the supervisor, told only when an app goes from
 * none to some or back (so it knows which apps were in flight when a process died, without a message
 * per request), and the drain at shutdown, which waits for the total to reach zero (piscina's
 * `close()` does not wait for running work: reliability notes, scenario 24).
 */
import type { DispatchSupervision } from '../server/dispatch.ts';

export class AppActivity implements DispatchSupervision {
  readonly #counts = new Map<string, number>();
  readonly #report: (app: string, busy: boolean) => void;
  readonly #quarantined: (app: string) => boolean;
  #total = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(report: (app: string, busy: boolean) => void, quarantined: (app: string) => boolean) {
    this.#report = report;
    this.#quarantined = quarantined;
  }

  get total(): number {
    return this.#total;
  }

  quarantined(app: string): boolean {
    return this.#quarantined(app);
  }

  started(app: string): void {
    const count = this.#counts.get(app) ?? 0;
    this.#counts.set(app, count + 1);
    this.#total++;
    if (count === 0) this.#report(app, true);
  }

  finished(app: string): void {
    const count = this.#counts.get(app) ?? 0;
    if (count === 0) return;
    this.#total--;
    if (count === 1) {
      this.#counts.delete(app);
      this.#report(app, false);
    } else {
      this.#counts.set(app, count - 1);
    }
    if (this.#total === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
  }

  /** Resolves when no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.#total === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }
}
