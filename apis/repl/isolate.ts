/**
 * The REPL's isolate half: shows the completion value of each input with the console's inspector, the
 * way Node's REPL does (strings quoted, `undefined` for statements), once the value is known. A promise
 * shows its state: after its reactions have run, which — unlike console.log — the REPL can wait for.
 */

import { formatUncaught, inspect } from '../console/isolate.ts';
import { isPromise } from '../console/isolate-brands.ts';
import type { PromiseDetails } from '../console/isolate-inspect.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { reportException } from '../runtime/isolate.ts';
import { REPL_COMPLETE_ENTRY, type ReplReport } from './bridge.ts';

const promiseThen = Promise.prototype.then;

/** Reacts to `promise` through the intrinsic `then` (the tenant may have replaced the global one). */
function subscribe(
  promise: unknown,
  onFulfilled: (value: unknown) => void,
  onRejected: (reason: unknown) => void,
) {
  Reflect.apply(promiseThen, promise, [onFulfilled, onRejected]);
}

/**
 * A promise's state, known once the reactions to it have run (they are queued before our `await`). Our
 * reaction marks the promise handled, so a rejection that comes after it was shown pending is reported
 * here, as Node's REPL reports it.
 */
async function promiseDetails(promise: Promise<unknown>): Promise<PromiseDetails> {
  let details: PromiseDetails = { state: 'pending' };
  let shown = false;
  subscribe(
    promise,
    (result) => {
      details = { state: 'fulfilled', result };
    },
    (result) => {
      details = { state: 'rejected', result };
      if (shown) reportException(result);
    },
  );
  await null;
  shown = true;
  return details;
}

async function show(completion: unknown): Promise<string> {
  if (completion === null || typeof completion !== 'object' || !isPromise(completion))
    return inspect(completion);
  const details = await promiseDetails(completion);
  return inspect(completion, { promiseDetails: (promise) => (promise === completion ? details : undefined) });
}

export function install(scope: IsolateScope): void {
  scope.defineEntry(REPL_COMPLETE_ENTRY, (completion: unknown, awaited: boolean, report: ReplReport) => {
    const fail = (error: unknown) => report(false, formatUncaught(error));
    const succeed = (value: unknown) => subscribe(show(value), (text) => report(true, text as string), fail);
    if (awaited)
      subscribe(completion, (wrapped) => succeed((wrapped as { value?: unknown } | undefined)?.value), fail);
    else succeed(completion);
  });
}
