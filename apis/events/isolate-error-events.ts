// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * The events of HTML's error reporting (§8.1.7): ErrorEvent, fired at the global scope for an exception
 * nobody caught, and PromiseRejectionEvent, fired for a rejection nobody handled.
 */
import {
  defineInterface,
  isObject,
  requireArguments,
  toDictionary,
  toDOMString,
  toUSVString,
} from '../fetch/isolate-webidl.ts';
import { Event } from './isolate-event.ts';

/** Web IDL `unsigned long`: the integer part modulo 2^32. */
function toUnsignedLong(value: unknown): number {
  const number = Number(value);
  if (!Number.isFinite(number)) return 0;
  const integer = Math.trunc(number) % 2 ** 32;
  return integer < 0 ? integer + 2 ** 32 : integer + 0;
}

function illegalInvocation(member: string, interfaceName: string): TypeError {
  return new TypeError(`Illegal invocation: '${member}' needs a ${interfaceName} as its receiver`);
}

interface ErrorEventState {
  message: string;
  filename: string;
  lineno: number;
  colno: number;
  error: unknown;
}

export class ErrorEvent extends Event {
  readonly #error: ErrorEventState;

  constructor(type: unknown, eventInitDict: unknown = undefined) {
    const context = { interface: 'ErrorEvent' };
    requireArguments(arguments.length, 1, context);
    const typeString = toDOMString(type);
    const init = toDictionary(eventInitDict, context, 'ErrorEventInit');
    super(typeString, init);
    // ErrorEventInit members in Web IDL dictionary order (lexicographic), after EventInit's.
    const colno = init.colno === undefined ? 0 : toUnsignedLong(init.colno);
    const error = init.error;
    const filename = init.filename === undefined ? '' : toUSVString(init.filename);
    const lineno = init.lineno === undefined ? 0 : toUnsignedLong(init.lineno);
    const message = init.message === undefined ? '' : toDOMString(init.message);
    this.#error = { message, filename, lineno, colno, error };
  }

  static #stateOf(value: unknown, member: string): ErrorEventState {
    if (typeof value !== 'object' || value === null || !(#error in value)) {
      throw illegalInvocation(member, 'ErrorEvent');
    }
    return (value as ErrorEvent).#error;
  }

  get message(): string {
    return ErrorEvent.#stateOf(this, 'message').message;
  }

  get filename(): string {
    return ErrorEvent.#stateOf(this, 'filename').filename;
  }

  get lineno(): number {
    return ErrorEvent.#stateOf(this, 'lineno').lineno;
  }

  get colno(): number {
    return ErrorEvent.#stateOf(this, 'colno').colno;
  }

  get error(): unknown {
    return ErrorEvent.#stateOf(this, 'error').error;
  }
}

export class PromiseRejectionEvent extends Event {
  readonly #promise: object;
  readonly #reason: unknown;

  /** HTML §8.1.5.8: `promise` is an `object` (not `Promise<any>`, whose conversion would wrap it). */
  constructor(type: unknown, eventInitDict: unknown) {
    const context = { interface: 'PromiseRejectionEvent' };
    requireArguments(arguments.length, 2, context);
    const typeString = toDOMString(type);
    const init = toDictionary(eventInitDict, context, 'PromiseRejectionEventInit');
    super(typeString, init);
    const promise = init.promise;
    if (promise === undefined) {
      throw new TypeError(
        "Failed to construct 'PromiseRejectionEvent': required member promise is undefined.",
      );
    }
    if (!isObject(promise)) {
      throw new TypeError("Failed to construct 'PromiseRejectionEvent': member promise is not an object.");
    }
    this.#promise = promise;
    this.#reason = init.reason;
  }

  static #check(value: unknown, member: string): PromiseRejectionEvent {
    if (typeof value !== 'object' || value === null || !(#promise in value)) {
      throw illegalInvocation(member, 'PromiseRejectionEvent');
    }
    return value as PromiseRejectionEvent;
  }

  get promise(): object {
    return PromiseRejectionEvent.#check(this, 'promise').#promise;
  }

  get reason(): unknown {
    return PromiseRejectionEvent.#check(this, 'reason').#reason;
  }
}

defineInterface(ErrorEvent, 'ErrorEvent');
defineInterface(PromiseRejectionEvent, 'PromiseRejectionEvent');
