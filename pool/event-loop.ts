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
 *
 * CPU accounting: an entry is made on behalf of a request's `CpuCharge` (pool/cpu-charge.ts), or of
 * nobody. Host code that schedules later work during an entry (a timer, a host operation) takes
 * `currentCharge` and passes it to the `enter` that runs the work, so a request pays for its timers and
 * continuations; microtasks are paid for by the entry that drains them. Each entry's `timeout` is the
 * charge's remaining budget (isolated-vm's timeout is wall-clock, so a descheduled thread can stop an
 * entry early: never late), and the entry's CPU time is what the charge is billed. That is the thread's
 * CPU time across the synchronous entry, not the isolate's `cpuTime`: `cpuTime` leaves out the host
 * functions the isolate calls (measured: a loop calling `performance.now()` for 40 ms was billed a
 * fraction of it), and a tenant could burn host CPU unbilled through them.
 */
import type ivm from 'isolated-vm';
import type { CpuCharge } from './cpu-charge.ts';

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
  /** Wall-clock milliseconds the next synchronous entry may run (a deadline); `undefined` for no limit. */
  entryBudget(): number | undefined;
  /** CPU milliseconds the next entry made on nobody's behalf may run; `undefined` for no limit. */
  unattributedCpuMs?(): number | undefined;
  /**
   * The isolate's clock stands still during an entry and moves on between them, as in Workers'
   * production (a defence against timing attacks): `now()` is when the entry began.
   */
  freezeClock?: boolean;
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

/** CPU time of the calling thread (the one a synchronous entry runs on), in milliseconds. */
function threadCpuMs(): number {
  const usage = process.threadCpuUsage();
  return (usage.user + usage.system) / 1000;
}

export class EventLoop {
  readonly #isolate: ivm.Isolate;
  readonly #options: EventLoopOptions;
  #pending = 0;
  #idleWaiters: Array<() => void> = [];
  #offeringRejection = false;
  /** Entries running now: work released inside one (a cleared timer) may be followed by new work. */
  #entries = 0;
  /** Whom the outermost running entry bills, the isolate's `cpuTime` and the clock when it began. */
  #charge: CpuCharge | undefined;
  #cpuAtEntry = 0;
  #clockAtEntry = 0;

  constructor(isolate: ivm.Isolate, options: EventLoopOptions) {
    this.#isolate = isolate;
    this.#options = options;
  }

  get pending(): number {
    return this.#pending;
  }

  /** The charge of the entry running now: work it schedules is billed to the same request. */
  get currentCharge(): CpuCharge | undefined {
    return this.#entries > 0 ? this.#charge : undefined;
  }

  get clockFrozen(): boolean {
    return this.#options.freezeClock === true;
  }

  /** The isolate's clock reading, in host `performance.now()` milliseconds (frozen during an entry). */
  now(): number {
    return this.#options.freezeClock && this.#entries > 0 ? this.#clockAtEntry : performance.now();
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
   * Runs one synchronous entry into the isolate on behalf of `charge` (a nested entry serves whoever the
   * entry around it serves). Returns the entry's result, or `undefined` when it failed (the failure has
   * then been reported: to the charge when it ran out of CPU time, else to `onFailure`) or when the
   * charge has already run out (the work is dropped).
   */
  enter<T>(
    call: (timeout: number | undefined) => T,
    thrown: 'exception' | 'rejection' = 'rejection',
    charge?: CpuCharge,
  ): T | undefined {
    if (this.#isolate.isDisposed) return undefined;
    const outermost = this.#entries === 0;
    const billed = outermost ? charge : this.#charge;
    if (billed?.exceeded) return undefined;
    const timeout = this.#timeout(billed, outermost);
    if (outermost) {
      this.#charge = billed;
      this.#cpuAtEntry = threadCpuMs();
      this.#clockAtEntry = performance.now();
    }
    this.#entries++;
    let ranOut = false;
    try {
      return call(timeout);
    } catch (error) {
      const kind = this.#classify(error, thrown);
      if (kind === 'rejection' && this.#offerRejection(error)) return undefined;
      if (kind === 'timeout' && billed !== undefined) ranOut = true;
      else this.#options.onFailure({ kind, error });
      return undefined;
    } finally {
      this.#entries--;
      if (outermost) {
        if (billed !== undefined) billed.add(this.#cpuSinceEntry());
        this.#charge = undefined;
      }
      if (ranOut) billed?.exceed();
      if (this.#pending === 0 && this.#entries === 0) this.#wakeIdleWaiters();
    }
  }

  /** Resolves when no work is pending (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The entry's `timeout`: the tighter of the deadline and the CPU time left to whom it bills. */
  #timeout(charge: CpuCharge | undefined, outermost: boolean): number | undefined {
    const wall = this.#options.entryBudget();
    let cpu = charge === undefined ? this.#options.unattributedCpuMs?.() : charge.remainingMs;
    if (cpu !== undefined && !outermost) cpu -= this.#cpuSinceEntry();
    const budget = wall === undefined ? cpu : cpu === undefined ? wall : Math.min(wall, cpu);
    // ivm treats a timeout of 0 as "no timeout"; an exhausted budget still has to stop the entry.
    return budget === undefined ? undefined : Math.max(1, Math.ceil(budget));
  }

  #cpuSinceEntry(): number {
    return threadCpuMs() - this.#cpuAtEntry;
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
