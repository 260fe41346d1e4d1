/**
 * The global scope as an event target, as WorkerGlobalScope is: `addEventListener`, `removeEventListener`
 * and `dispatchEvent` act on the global object, `self` is the global object, and HTML's error reporting
 * fires `error` (§8.1.4.7 "report an exception") and `unhandledrejection` (§8.1.5.7) at it.
 *
 * The global object is an event target without EventTarget.prototype in its prototype chain (V8 makes
 * it; NANO leaves its prototype alone), so `globalThis instanceof EventTarget` is false.
 */
import { DOMException, isErrorName } from '../dom-exception/isolate.ts';
import type { IsolateScope } from '../isolate-scope.ts';
import { INTERNAL_FILENAME } from '../runtime/bridge.ts';
import { setExceptionListener } from '../runtime/isolate.ts';
import { type RejectionReason, UNHANDLED_REJECTION_ENTRY } from './bridge.ts';
import { ErrorEvent, PromiseRejectionEvent } from './isolate-error-events.ts';
import type { Event } from './isolate-event.ts';
import { EventTarget, fireEvent, hasListeners, makeEventTarget } from './isolate-event-target.ts';

const global = globalThis;
const rejectedPromise = Promise.reject.bind(Promise);
const promiseThen = Promise.prototype.then;

const ERROR_TYPES: Readonly<Record<string, new (message: string) => Error>> = {
  Error,
  EvalError,
  RangeError,
  ReferenceError,
  SyntaxError,
  TypeError,
  URIError,
};

/** A stack line's location: `at f (file:///app.js:3:9)` or `at file:///app.js:3:9`. */
const FRAME_LOCATION = /^\s*at (?:.* \()?(.+):(\d+):(\d+)\)?$/;

export function hasGlobalListeners(type: string): boolean {
  return hasListeners(global, type);
}

/** Fires `event` (a trusted event NANO made) at the global scope; false when a listener canceled it. */
export function fireGlobalEvent(event: Event): boolean {
  return fireEvent(global, event);
}

/** ErrorEvent's `message`: what browsers show, "Uncaught TypeError: boom". */
function uncaughtMessage(error: unknown): string {
  try {
    if (error instanceof Error) {
      const { name, message } = error;
      return `Uncaught ${message ? `${name}: ${message}` : name}`;
    }
    return `Uncaught ${String(error)}`;
  } catch {
    return 'Uncaught exception';
  }
}

/** Where the error was thrown: the first frame of its stack outside NANO's own code. */
function errorLocation(error: unknown): { filename: string; lineno: number; colno: number } {
  let stack: unknown;
  try {
    stack = error instanceof Error ? error.stack : undefined;
  } catch {
    stack = undefined;
  }
  if (typeof stack === 'string') {
    for (const line of stack.split('\n')) {
      if (line.includes(INTERNAL_FILENAME)) continue;
      const match = FRAME_LOCATION.exec(line);
      if (match) return { filename: match[1] ?? '', lineno: Number(match[2]), colno: Number(match[3]) };
    }
  }
  return { filename: '', lineno: 0, colno: 0 };
}

let inErrorReportingMode = false;

/**
 * HTML "report an exception": a cancelable ErrorEvent at the global scope; canceled means handled.
 * An exception thrown while one is being reported is not reported as an event again ("error reporting mode").
 */
function reportToGlobalScope(error: unknown): boolean {
  if (inErrorReportingMode || !hasListeners(global, 'error')) return false;
  inErrorReportingMode = true;
  try {
    const event = new ErrorEvent('error', {
      bubbles: false,
      cancelable: true,
      composed: false,
      ...errorLocation(error),
      error,
      message: uncaughtMessage(error),
    });
    return !fireEvent(global, event);
  } finally {
    inErrorReportingMode = false;
  }
}

/** An error equivalent to the one the isolate rejected with (identity cannot survive the copy). */
function reviveReason(reason: RejectionReason): unknown {
  if (reason.kind === 'value') return reason.value;
  const { name, message, stack } = reason;
  const ErrorType = Object.hasOwn(ERROR_TYPES, name) ? ERROR_TYPES[name] : undefined;
  let error: Error;
  if (ErrorType) {
    error = new ErrorType(message);
  } else if (isErrorName(name)) {
    error = new DOMException(message, name);
  } else {
    error = new Error(message);
    error.name = name;
  }
  Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true });
  return error;
}

/**
 * HTML "notify about rejected promises" for one rejection the host was told about. The promise itself
 * stayed in the isolate and only a copy of its reason reached the host, so `event.promise` is a
 * stand-in: a promise rejected with the same reason (already handled, so it does not count again).
 */
function notifyRejection(reason: RejectionReason): boolean {
  if (!hasListeners(global, 'unhandledrejection')) return false;
  const value = reviveReason(reason);
  const promise = rejectedPromise(value);
  promiseThen.call(promise, undefined, () => {});
  const event = new PromiseRejectionEvent('unhandledrejection', {
    bubbles: false,
    cancelable: true,
    composed: false,
    promise,
    reason: value,
  });
  return !fireEvent(global, event);
}

export function installGlobalScope(scope: IsolateScope): void {
  makeEventTarget(global);
  // Web IDL: these operations act on the global object when called without a `this`, so the
  // prototype's functions serve as the global ones (as they do, inherited, in a browser's worker).
  const { addEventListener, removeEventListener, dispatchEvent } = EventTarget.prototype;
  scope.defineGlobal('addEventListener', addEventListener);
  scope.defineGlobal('removeEventListener', removeEventListener);
  scope.defineGlobal('dispatchEvent', dispatchEvent);
  scope.defineGlobal('self', global);
  setExceptionListener(reportToGlobalScope);
  scope.defineEntry(UNHANDLED_REJECTION_ENTRY, notifyRejection);
}
