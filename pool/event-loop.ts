/**
 * The host side of an isolate's event loop.
 *
 * Every entry into the isolate (a script, a timer callback, a host operation's continuation, a request)
 * goes through `enter`, which gives the synchronous call its time budget and sorts out how it failed.
 * isolated-vm runs the microtask queue at the end of each synchronous entry and then throws the first
 * promise rejection that is still unhandled (src/isolate/environment.cc, TaskEpilogue), so an entry that
 * throws after our isolate-side wrappers caught the synchronous errors is an unhandled rejection.
 *
 * `hold` counts the work still pending on the host (timers, host operations); the loop is idle when no
 * hold is left, which is when `nano run` exits.
 */
import type ivm from 'isolated-vm';

/**
 * `exception`: thrown synchronously by code we run directly (a script's top level); `rejection`: an
 * unhandled rejection thrown by isolated-vm after an entry; `timeout`: the entry ran out of its budget;
 * `memory`: the isolate was disposed for exceeding its memory limit.
 */
export type EntryFailureKind = 'exception' | 'rejection' | 'timeout' | 'memory';

export interface EntryFailure {
  kind: EntryFailureKind;
  /** What the isolate threw (a host copy), or the ivm error for a timeout or a disposed isolate. */
  error: unknown;
}

export interface EventLoopOptions {
  /** Milliseconds the next synchronous entry may run; `undefined` for no limit. */
  entryBudget(): number | undefined;
  /**
   * Offered each unhandled rejection before it counts as a failure (HTML "notify about rejected
   * promises": the isolate fires `unhandledrejection`); true when the isolate handled it. A rejection
   * left by that offer's own entry is not offered again.
   */
  offerRejection?(reason: unknown): boolean;
  /** Called for every entry that failed; the loop itself stays usable unless the isolate is gone. */
  onFailure(failure: EntryFailure): void;
}

/** isolated-vm's message for a synchronous call that ran out of its `timeout`. */
const TIMED_OUT = 'Script execution timed out.';

export class EventLoop {
  readonly #isolate: ivm.Isolate;
  readonly #options: EventLoopOptions;
  #pending = 0;
  #idleWaiters: Array<() => void> = [];
  #offeringRejection = false;
  /** Entries running now: work released inside one (a cleared timer) may be followed by new work. */
  #entries = 0;

  constructor(isolate: ivm.Isolate, options: EventLoopOptions) {
    this.#isolate = isolate;
    this.#options = options;
  }

  get pending(): number {
    return this.#pending;
  }

  /** Registers one piece of pending work; the returned function releases it (once). */
  hold(): () => void {
    this.#pending++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#pending--;
      if (this.#pending === 0 && this.#entries === 0) this.#wakeIdleWaiters();
    };
  }

  /**
   * Runs one synchronous entry into the isolate. Returns the entry's result, or `undefined` when it
   * failed (the failure has then been reported to `onFailure`).
   */
  enter<T>(
    call: (timeout: number | undefined) => T,
    thrown: 'exception' | 'rejection' = 'rejection',
  ): T | undefined {
    if (this.#isolate.isDisposed) return undefined;
    const budget = this.#options.entryBudget();
    // ivm treats a timeout of 0 as "no timeout"; an exhausted budget still has to stop the entry.
    const timeout = budget === undefined ? undefined : Math.max(1, Math.ceil(budget));
    this.#entries++;
    try {
      return call(timeout);
    } catch (error) {
      const kind = this.#classify(error, thrown);
      if (kind === 'rejection' && this.#offerRejection(error)) return undefined;
      this.#options.onFailure({ kind, error });
      return undefined;
    } finally {
      this.#entries--;
      if (this.#pending === 0 && this.#entries === 0) this.#wakeIdleWaiters();
    }
  }

  /** Resolves when no work is pending (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #offerRejection(reason: unknown): boolean {
    const offer = this.#options.offerRejection;
    if (!offer || this.#offeringRejection) return false;
    this.#offeringRejection = true;
    try {
      return offer(reason);
    } finally {
      this.#offeringRejection = false;
    }
  }

  #classify(error: unknown, thrown: 'exception' | 'rejection'): EntryFailureKind {
    if (this.#isolate.isDisposed) return 'memory';
    if (error instanceof Error && error.message === TIMED_OUT) return 'timeout';
    return thrown;
  }

  #wakeIdleWaiters(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const wake of waiters) wake();
  }
}
