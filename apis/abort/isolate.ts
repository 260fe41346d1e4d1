/**
 * AbortController and AbortSignal (DOM §3.1–3.2). Other families (fetch, streams) use the helpers:
 * `createAbortSignal`, `signalAbort`, `addAbortAlgorithm`, `isAborted`, `abortReason`.
 */
import { defineInterface } from '../fetch/isolate-webidl.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { AbortSignal, createAbortSignal, signalAbort } from './isolate-signal.ts';

export {
  AbortSignal,
  abortReason,
  addAbortAlgorithm,
  createAbortSignal,
  isAborted,
  isAbortSignal,
  signalAbort,
} from './isolate-signal.ts';

export class AbortController {
  readonly #signal: AbortSignal;

  constructor() {
    this.#signal = createAbortSignal();
  }

  static #check(value: unknown, member: string): AbortController {
    if (typeof value !== 'object' || value === null || !(#signal in value)) {
      throw new TypeError(`Illegal invocation: '${member}' needs an AbortController as its receiver`);
    }
    return value as AbortController;
  }

  get signal(): AbortSignal {
    return AbortController.#check(this, 'signal').#signal;
  }

  abort(reason: unknown = undefined): void {
    signalAbort(AbortController.#check(this, 'abort').#signal, reason);
  }
}

defineInterface(AbortController, 'AbortController');

export function install(scope: IsolateScope): void {
  scope.defineGlobal('AbortController', AbortController);
  scope.defineGlobal('AbortSignal', AbortSignal);
}
