// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * EventTarget per DOM §2.7–2.10: listener lists, the options forms, dispatch and "fire an event".
 * No event target in a worker has a parent (there is no node tree), so an event's path is its target
 * alone: capture listeners run, then the others, both at AT_TARGET.
 * Listener lists live in a WeakMap rather than private fields so that the global object, which V8
 * creates, can be an event target too (WorkerGlobalScope inherits EventTarget).
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { defineInterface, isObject, requireArguments, toDOMString } from '../fetch/isolate-webidl.ts';
import { reportException } from '../runtime/isolate.ts';
import { AT_TARGET, type Event, type EventState, eventState, isEvent, NONE } from './isolate-event.ts';

/** DOM §2.7 "event listener" (its type is the key of the list it is in). */
interface Listener {
  readonly callback: object;
  readonly capture: boolean;
  readonly passive: boolean;
  readonly once: boolean;
  removed: boolean;
  /** Withdraws the abort step the listener's `signal` holds for it. */
  forgetSignal: (() => void) | undefined;
}

/** Per target: type → listeners in registration order (`null` until the first listener). */
const listenerMaps = new WeakMap<object, Map<string, Listener[]> | null>();
const listenerWatchers = new WeakMap<object, () => void>();

/** What listener registration needs from AbortSignal, which extends EventTarget and so comes later. */
export interface SignalSupport {
  isSignal(value: unknown): boolean;
  isAborted(signal: object): boolean;
  /** Adds an abort algorithm to `signal`; the returned function removes it. */
  onAbort(signal: object, algorithm: () => void): () => void;
}

let signals: SignalSupport | undefined;

/** Called by the abort family when it loads. */
export function useSignalSupport(support: SignalSupport): void {
  signals = support;
}

export interface ListenerFlags {
  capture: boolean;
  passive: boolean | null;
  once: boolean;
  signal: object | null;
}

/** Makes `object` an event target (the global scope; EventTarget's constructor does it for instances). */
export function makeEventTarget(object: object): void {
  if (!listenerMaps.has(object)) listenerMaps.set(object, null);
}

/** Web IDL: an operation called with an undefined or null `this` acts on the global object. */
function targetOf(value: unknown, operation: string): object {
  const target = value ?? globalThis;
  if (!isObject(target) || !listenerMaps.has(target)) {
    throw new TypeError(`Failed to execute '${operation}' on 'EventTarget': Illegal invocation`);
  }
  return target;
}

/** Calls `onChange` whenever a listener is added to or removed from `target`. */
export function watchListeners(target: object, onChange: () => void): void {
  listenerWatchers.set(target, onChange);
}

export function hasListeners(target: object, type: string): boolean {
  return (listenerMaps.get(target)?.get(type)?.length ?? 0) > 0;
}

/** DOM §2.7 "add an event listener". */
export function addListener(
  target: object,
  type: string,
  callback: object | null,
  flags: ListenerFlags,
): void {
  if (flags.signal !== null && signals?.isAborted(flags.signal)) return;
  if (callback === null) return;
  let map = listenerMaps.get(target);
  if (!map) {
    map = new Map();
    listenerMaps.set(target, map);
  }
  let list = map.get(type);
  if (!list) {
    list = [];
    map.set(type, list);
  }
  if (list.some((listener) => listener.callback === callback && listener.capture === flags.capture)) return;
  const listener: Listener = {
    callback,
    capture: flags.capture,
    // DOM §2.7 "default passive value": false for every target that is not a Window or a node.
    passive: flags.passive ?? false,
    once: flags.once,
    removed: false,
    forgetSignal: undefined,
  };
  list.push(listener);
  if (flags.signal !== null && signals) {
    listener.forgetSignal = signals.onAbort(flags.signal, () => removeListener(target, type, listener));
  }
  listenerWatchers.get(target)?.();
}

/** DOM §2.7 "remove an event listener". */
function removeListener(target: object, type: string, listener: Listener): void {
  if (listener.removed) return;
  listener.removed = true;
  const map = listenerMaps.get(target);
  const list = map?.get(type);
  if (map && list) {
    list.splice(list.indexOf(listener), 1);
    if (list.length === 0) map.delete(type);
  }
  // The spec leaves the signal's abort step in place; it would then only keep the listener alive.
  listener.forgetSignal?.();
  listenerWatchers.get(target)?.();
}

/** Removes the listener of `type` with this callback and capture, if there is one. */
export function removeMatchingListener(
  target: object,
  type: string,
  callback: object | null,
  capture: boolean,
): void {
  const listener = listenerMaps
    .get(target)
    ?.get(type)
    ?.find((candidate) => candidate.callback === callback && candidate.capture === capture);
  if (listener) removeListener(target, type, listener);
}

/** Web IDL callback interface `EventListener?`: null, or any object (a function or one with handleEvent). */
function toCallback(value: unknown, operation: string): object | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    throw new TypeError(
      `Failed to execute '${operation}' on 'EventTarget': parameter 2 is not of type 'EventListener'.`,
    );
  }
  return value;
}

/** Web IDL union `(EventListenerOptions or boolean)`: null, undefined and objects are dictionaries. */
function optionsDictionary(options: unknown): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return {};
  return isObject(options) ? (options as Record<string, unknown>) : undefined;
}

/** DOM §2.7 "flatten more" (AddEventListenerOptions members in Web IDL order: capture, once, passive, signal). */
function flattenMore(options: unknown): ListenerFlags {
  const dictionary = optionsDictionary(options);
  if (dictionary === undefined)
    return { capture: Boolean(options), passive: null, once: false, signal: null };
  const capture = Boolean(dictionary.capture);
  const once = Boolean(dictionary.once);
  const passiveValue = dictionary.passive;
  const passive = passiveValue === undefined ? null : Boolean(passiveValue);
  const signalValue = dictionary.signal;
  let signal: object | null = null;
  if (signalValue !== undefined) {
    if (!signals?.isSignal(signalValue)) {
      throw new TypeError(
        "Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type 'AbortSignal'.",
      );
    }
    signal = signalValue as object;
  }
  return { capture, passive, once, signal };
}

/** DOM §2.7 "flatten". */
function flatten(options: unknown): boolean {
  const dictionary = optionsDictionary(options);
  return dictionary === undefined ? Boolean(options) : Boolean(dictionary.capture);
}

/** Web IDL "call a user object's operation" `handleEvent`; what it throws is reported, not propagated. */
function callListener(callback: object, event: Event, currentTarget: object): void {
  try {
    if (typeof callback === 'function') {
      callback.call(currentTarget, event);
      return;
    }
    const handleEvent = (callback as { handleEvent?: unknown }).handleEvent;
    if (typeof handleEvent !== 'function') {
      throw new TypeError(
        "The event listener is neither a function nor an object with a 'handleEvent' method.",
      );
    }
    handleEvent.call(callback, event);
  } catch (error) {
    reportException(error);
  }
}

/** DOM §2.9 "inner invoke". */
function innerInvoke(target: object, event: Event, state: EventState, capturing: boolean): void {
  const listeners = listenerMaps.get(target)?.get(state.type);
  if (!listeners) return;
  for (const listener of listeners.slice()) {
    if (listener.removed || listener.capture !== capturing) continue;
    if (listener.once) removeListener(target, state.type, listener);
    if (listener.passive) state.inPassiveListener = true;
    callListener(listener.callback, event, target);
    state.inPassiveListener = false;
    if (state.stopImmediatePropagation) break;
  }
}

/** DOM §2.9 "dispatch" for a target without a parent; returns false when the event was canceled. */
function dispatch(target: object, event: Event, state: EventState): boolean {
  state.dispatching = true;
  state.target = target;
  state.eventPhase = AT_TARGET;
  for (const capturing of [true, false]) {
    if (state.stopPropagation) break;
    state.currentTarget = target;
    innerInvoke(target, event, state, capturing);
  }
  state.eventPhase = NONE;
  state.currentTarget = null;
  state.dispatching = false;
  state.stopPropagation = false;
  state.stopImmediatePropagation = false;
  return !state.canceled;
}

/** DOM §2.10 "fire an event" with an event NANO created: it is trusted. */
export function fireEvent(target: object, event: Event): boolean {
  const state = eventState(event, 'dispatchEvent');
  state.isTrusted = true;
  return dispatch(target, event, state);
}

export class EventTarget {
  constructor() {
    makeEventTarget(this);
  }

  addEventListener(type: unknown, callback: unknown, options: unknown = undefined): void {
    const target = targetOf(this, 'addEventListener');
    requireArguments(arguments.length, 2, { interface: 'EventTarget', operation: 'addEventListener' });
    const typeString = toDOMString(type);
    addListener(target, typeString, toCallback(callback, 'addEventListener'), flattenMore(options));
  }

  removeEventListener(type: unknown, callback: unknown, options: unknown = undefined): void {
    const target = targetOf(this, 'removeEventListener');
    requireArguments(arguments.length, 2, { interface: 'EventTarget', operation: 'removeEventListener' });
    const typeString = toDOMString(type);
    const listenerCallback = toCallback(callback, 'removeEventListener');
    removeMatchingListener(target, typeString, listenerCallback, flatten(options));
  }

  dispatchEvent(event: unknown): boolean {
    const target = targetOf(this, 'dispatchEvent');
    requireArguments(arguments.length, 1, { interface: 'EventTarget', operation: 'dispatchEvent' });
    if (!isEvent(event)) {
      throw new TypeError(
        "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.",
      );
    }
    const state = eventState(event, 'dispatchEvent');
    if (state.dispatching || !state.initialized) {
      throw new DOMException(
        "Failed to execute 'dispatchEvent' on 'EventTarget': The event is already being dispatched.",
        'InvalidStateError',
      );
    }
    state.isTrusted = false;
    return dispatch(target, event, state);
  }
}

defineInterface(EventTarget, 'EventTarget');
