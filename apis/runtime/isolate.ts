/**
 * Host operations as promises, and HTML's "report the exception".
 * A host operation (a digest, a subrequest) is started with an id; the host settles it later through
 * the `runtime_settle` entry, which is an entry like any other: it gets a time budget, and the
 * continuations it runs drain in its microtask checkpoint.
 */

import { DOMException } from '../dom-exception/isolate.ts';
import type { AllOps } from '../isolate-ops.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { type HostFailure, SETTLE_ENTRY } from './bridge.ts';

interface Pending {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

const pending = new Map<number, Pending>();
let nextOperationId = 1;
let ops: AllOps;
let formatUncaught: (error: unknown) => string = (error) => `Uncaught ${String(error)}`;
let exceptionListener: ((error: unknown) => boolean) | undefined;

/** Starts a host operation: `start` hands the id to an `op_*` function; the host settles it later. */
export function hostOperation<T>(start: (id: number) => void): Promise<T> {
  const id = nextOperationId++;
  const { promise, resolve, reject } = Promise.withResolvers<T>();
  pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
  try {
    start(id);
  } catch (error) {
    pending.delete(id);
    reject(error);
  }
  return promise;
}

/** Lets the console family format uncaught errors the way it inspects values. */
export function setUncaughtFormatter(format: (error: unknown) => string): void {
  formatUncaught = format;
}

/** Lets the events family dispatch `error` events first; the listener returns true when handled. */
export function setExceptionListener(listener: (error: unknown) => boolean): void {
  exceptionListener = listener;
}

/** HTML "report the exception": an `error` event on the global scope, else the host's error output. */
export function reportException(error: unknown): void {
  if (exceptionListener?.(error)) return;
  ops.op_runtime_report_uncaught(formatUncaught(error));
}

/** Web IDL §2.8.1 "Error names": a host failure with one of these names is rebuilt as a DOMException. */
const DOM_EXCEPTION_NAMES = new Set([
  'IndexSizeError',
  'HierarchyRequestError',
  'WrongDocumentError',
  'InvalidCharacterError',
  'NoModificationAllowedError',
  'NotFoundError',
  'NotSupportedError',
  'InUseAttributeError',
  'InvalidStateError',
  'SyntaxError',
  'InvalidModificationError',
  'NamespaceError',
  'InvalidAccessError',
  'TypeMismatchError',
  'SecurityError',
  'NetworkError',
  'AbortError',
  'URLMismatchError',
  'QuotaExceededError',
  'TimeoutError',
  'InvalidNodeTypeError',
  'DataCloneError',
  'EncodingError',
  'NotReadableError',
  'UnknownError',
  'ConstraintError',
  'DataError',
  'TransactionInactiveError',
  'ReadOnlyError',
  'VersionError',
  'OperationError',
  'NotAllowedError',
  'OptOutError',
]);

function rebuildFailure(failure: HostFailure): Error {
  if (failure.name === 'TypeError') return new TypeError(failure.message);
  // A host JS SyntaxError would also become a DOMException: host operations fail with DOMExceptions.
  if (DOM_EXCEPTION_NAMES.has(failure.name)) return new DOMException(failure.message, failure.name);
  const error = new Error(failure.message);
  error.name = failure.name;
  return error;
}

export function install(scope: IsolateScope): void {
  ops = scope.ops;
  scope.defineEntry(SETTLE_ENTRY, (id: number, ok: boolean, value: unknown) => {
    const operation = pending.get(id);
    if (!operation) return;
    pending.delete(id);
    if (ok) operation.resolve(value);
    else operation.reject(rebuildFailure(value as HostFailure));
  });
  scope.defineGlobal('reportError', function reportError(error: unknown) {
    // Web IDL: `reportError.length` is 1 and a missing argument is a TypeError, so `arguments` it is.
    // biome-ignore lint/complexity/noArguments: see above
    if (arguments.length === 0) throw new TypeError("Failed to execute 'reportError': 1 argument required.");
    reportException(error);
  });
}
