/**
 * The `ctx` a module handler receives (Workers "Context (ctx)" API), and what a FetchEvent delegates to.
 * `waitUntil` keeps work running after the response is sent: the host holds the isolate's event loop
 * until the promise settles, and a rejection is logged with the app's name. `passThroughOnException`
 * exists for compatibility; NANO has no origin server to fall through to, so it changes nothing.
 */
import { inspect } from '../console/isolate-inspect.ts';
import type { AllOps } from '../isolate-ops.ts';

export type WaitUntil = (promise: unknown) => void;

/** Builds the `waitUntil` behaviour both `ctx` and FetchEvent share. */
export function waitUntilFor(ops: AllOps, interfaceName: string): WaitUntil {
  return (promise: unknown) => {
    if (promise === undefined) {
      throw new TypeError(`Failed to execute 'waitUntil' on '${interfaceName}': 1 argument required.`);
    }
    ops.op_app_wait_until_start();
    Promise.resolve(promise).then(
      () => ops.op_app_wait_until_end(null),
      (error: unknown) => ops.op_app_wait_until_end(inspect(error)),
    );
  };
}

export class ExecutionContext {
  readonly #waitUntil: WaitUntil;

  constructor(waitUntil: WaitUntil) {
    this.#waitUntil = waitUntil;
  }

  waitUntil(promise: unknown): void {
    this.#waitUntil(promise);
  }

  /** A no-op: there is no origin behind NANO to send the request to when the handler throws. */
  passThroughOnException(): void {}
}

Object.defineProperty(ExecutionContext.prototype, Symbol.toStringTag, {
  value: 'ExecutionContext',
  configurable: true,
});
