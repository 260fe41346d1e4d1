/**
 * The CPU time one request may spend in its isolate, summed over every entry made on its behalf: the
 * handler call, its timer callbacks, the continuations after its host operations, and the microtasks
 * each of those drains (pool/event-loop.ts attributes entries; SECURITY.md lists the approximations).
 * Workers calls this the CPU time limit of an invocation (error 1102 when it is exceeded).
 */
export class CpuCharge {
  readonly limitMs: number;
  #usedMs = 0;
  #exceeded = false;
  readonly #onExceeded: (charge: CpuCharge) => void;

  constructor(limitMs: number, onExceeded: (charge: CpuCharge) => void) {
    this.limitMs = limitMs;
    this.#onExceeded = onExceeded;
  }

  get usedMs(): number {
    return this.#usedMs;
  }

  get remainingMs(): number {
    return this.limitMs - this.#usedMs;
  }

  /** True once the budget ran out: entries on this charge's behalf are no longer made. */
  get exceeded(): boolean {
    return this.#exceeded;
  }

  add(milliseconds: number): void {
    this.#usedMs += milliseconds;
  }

  /** The budget ran out during an entry (isolated-vm stopped it): tells the owner, once. */
  exceed(): void {
    if (this.#exceeded) return;
    this.#exceeded = true;
    this.#onExceeded(this);
  }
}
