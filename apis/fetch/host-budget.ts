/**
 * The outbound limits of one incoming request (README "Outbound fetch"): how many subrequests it may
 * start, and how many may be open at once — the others wait for a slot, as Workers' six simultaneous
 * connections do. Which request a `fetch()` belongs to comes from the event loop: the entry running
 * when `op_fetch_start` is called is made on behalf of one request's CpuCharge (pool/event-loop.ts);
 * host-operation continuations and timers re-enter on the same charge, so a fetch after an `await`
 * still counts for the request that awaited. Entries on nobody's behalf (`nano run`, an app's top
 * level, its module-level timers) share one budget per isolate.
 */
export class SubrequestBudget {
  readonly #maxSubrequests: number;
  readonly #maxOpen: number;
  #started = 0;
  #open = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(maxSubrequests: number, maxOpen: number) {
    this.#maxSubrequests = maxSubrequests;
    this.#maxOpen = maxOpen;
  }

  /** Counts one more subrequest; false when the limit is already reached. */
  take(): boolean {
    if (this.#started >= this.#maxSubrequests) return false;
    this.#started++;
    return true;
  }

  get limit(): number {
    return this.#maxSubrequests;
  }

  /**
   * Waits for a connection slot: `granted` resolves with the function that frees it; `withdraw` gives
   * up the wait (a cancelled subrequest) and returns false if the slot had already been granted.
   */
  openSlot(): { granted: Promise<() => void>; withdraw(): boolean } {
    const grant = () => {
      this.#open++;
      let freed = false;
      return () => {
        if (freed) return;
        freed = true;
        this.#open--;
        this.#waiting.shift()?.();
      };
    };
    if (this.#open < this.#maxOpen) return { granted: Promise.resolve(grant()), withdraw: () => false };
    const { promise, resolve } = Promise.withResolvers<() => void>();
    const waiter = () => resolve(grant());
    this.#waiting.push(waiter);
    return {
      granted: promise,
      withdraw: () => {
        const index = this.#waiting.indexOf(waiter);
        if (index === -1) return false;
        this.#waiting.splice(index, 1);
        return true;
      },
    };
  }
}
