// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * AbortSignal per DOM §3.2: abort reason, abort algorithms (what other families run on abort), the
 * `abort` event, and the dependent signals of `AbortSignal.any`.
 *
 * Dependent signals and garbage (§3.2.1 "Garbage collection"): a source holds its dependents through
 * WeakRefs, so `AbortSignal.any([longLived, perRequest])` made per request does not pile up on
 * `longLived`; a dependent that has `abort` listeners or abort algorithms is also held strongly by its
 * sources until it aborts, since it must stay alive to run them.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { Event } from '../events/isolate-event.ts';
import { getEventHandler, setEventHandler } from '../events/isolate-event-handler.ts';
import {
  EventTarget,
  fireEvent,
  hasListeners,
  useSignalSupport,
  watchListeners,
} from '../events/isolate-event-target.ts';
import { defineInterface, requireArguments, toSequence } from '../fetch/isolate-webidl.ts';
import { reportException } from '../runtime/isolate.ts';
import { scheduleTimer } from '../timers/isolate-internal.ts';

/** Node's timers (which the host uses) take at most 2^31 − 1 ms; longer timeouts are chained. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;
/** Dead WeakRefs in a source's dependents are swept when the set has doubled since the last sweep. */
const FIRST_SWEEP_SIZE = 64;

/** A dependent signal's links (DOM "source signals"). */
interface SourceSignals {
  /** The signals it follows, none of them dependent. */
  readonly signals: AbortSignal[];
  /** The WeakRef through which they hold it. */
  readonly reference: WeakRef<AbortSignal>;
}

/** A source signal's links (DOM "dependent signals"). */
interface DependentSignals {
  readonly weak: Set<WeakRef<AbortSignal>>;
  /** The dependents that must be kept alive: they have `abort` listeners or abort algorithms. */
  readonly retained: Set<AbortSignal>;
  nextSweepSize: number;
}

/** Allocated as needed: most signals never get an algorithm, a dependent or a source. */
interface SignalState {
  /** DOM "abort reason": undefined until the signal is aborted. */
  reason: unknown;
  algorithms: Set<() => void> | null;
  /** Non-null exactly when the signal is dependent (DOM "dependent" flag). */
  sources: SourceSignals | null;
  dependents: DependentSignals | null;
}

let creating = false;
let stateOf: (signal: AbortSignal) => SignalState;
let isAbortSignal: (value: unknown) => value is AbortSignal;

/** A new AbortSignal (not aborted), for other families: `new AbortSignal()` is not allowed to scripts. */
export function createAbortSignal(): AbortSignal {
  creating = true;
  return new AbortSignal();
}

function checked(value: unknown, member: string): SignalState {
  if (!isAbortSignal(value)) {
    throw new TypeError(`Illegal invocation: '${member}' needs an AbortSignal as its receiver`);
  }
  return stateOf(value);
}

export { isAbortSignal };

export function isAborted(signal: AbortSignal): boolean {
  return stateOf(signal).reason !== undefined;
}

export function abortReason(signal: AbortSignal): unknown {
  return stateOf(signal).reason;
}

function newAbortError(): DOMException {
  return new DOMException('signal is aborted without reason', 'AbortError');
}

/** Keeps a dependent signal reachable from its sources exactly while it has something to run on abort. */
function updateRetention(signal: AbortSignal, state: SignalState): void {
  if (state.sources === null || state.reason !== undefined) return;
  const retain = (state.algorithms?.size ?? 0) > 0 || hasListeners(signal, 'abort');
  for (const source of state.sources.signals) {
    const retained = stateOf(source).dependents?.retained;
    if (retain) retained?.add(signal);
    else retained?.delete(signal);
  }
}

/** DOM §3.2 "add" an abort algorithm (nothing when already aborted); returns what removes it. */
export function addAbortAlgorithm(signal: AbortSignal, algorithm: () => void): () => void {
  const state = stateOf(signal);
  if (state.reason !== undefined) return () => {};
  state.algorithms ??= new Set();
  state.algorithms.add(algorithm);
  updateRetention(signal, state);
  return () => {
    if (state.algorithms?.delete(algorithm)) updateRetention(signal, state);
  };
}

/** A dependent signal that aborted no longer needs its sources, nor they it. */
function detachFromSources(signal: AbortSignal, state: SignalState): void {
  if (state.sources === null) return;
  for (const source of state.sources.signals) {
    const links = stateOf(source).dependents;
    links?.retained.delete(signal);
    links?.weak.delete(state.sources.reference);
  }
  state.sources.signals.length = 0;
}

/** DOM §3.2 "run the abort steps". */
function runAbortSteps(signal: AbortSignal, state: SignalState): void {
  const algorithms = state.algorithms ? [...state.algorithms] : [];
  state.algorithms = null;
  for (const algorithm of algorithms) {
    try {
      algorithm();
    } catch (error) {
      reportException(error);
    }
  }
  detachFromSources(signal, state);
  fireEvent(signal, new Event('abort', { bubbles: false, cancelable: false, composed: false }));
}

/** DOM §3.2 "signal abort": `reason` undefined means a new AbortError DOMException. */
export function signalAbort(signal: AbortSignal, reason?: unknown): void {
  const state = stateOf(signal);
  if (state.reason !== undefined) return;
  state.reason = reason === undefined ? newAbortError() : reason;
  const dependentsToAbort: AbortSignal[] = [];
  for (const reference of state.dependents?.weak ?? []) {
    const dependent = reference.deref();
    if (!dependent) continue;
    const dependentState = stateOf(dependent);
    if (dependentState.reason !== undefined) continue;
    dependentState.reason = state.reason;
    dependentsToAbort.push(dependent);
  }
  state.dependents = null;
  runAbortSteps(signal, state);
  for (const dependent of dependentsToAbort) runAbortSteps(dependent, stateOf(dependent));
}

function addDependent(source: SignalState, reference: WeakRef<AbortSignal>): void {
  source.dependents ??= { weak: new Set(), retained: new Set(), nextSweepSize: FIRST_SWEEP_SIZE };
  const links = source.dependents;
  links.weak.add(reference);
  if (links.weak.size < links.nextSweepSize) return;
  for (const candidate of links.weak) {
    if (candidate.deref() === undefined) links.weak.delete(candidate);
  }
  links.nextSweepSize = Math.max(FIRST_SWEEP_SIZE, links.weak.size * 2);
}

/** DOM §3.2 "create a dependent abort signal". */
function createDependentSignal(signals: readonly AbortSignal[]): AbortSignal {
  const result = createAbortSignal();
  const resultState = stateOf(result);
  for (const signal of signals) {
    const { reason } = stateOf(signal);
    if (reason !== undefined) {
      resultState.reason = reason;
      return result;
    }
  }
  const sources: SourceSignals = { signals: [], reference: new WeakRef(result) };
  resultState.sources = sources;
  for (const signal of signals) {
    const state = stateOf(signal);
    for (const source of state.sources === null ? [signal] : state.sources.signals) {
      if (sources.signals.includes(source)) continue;
      sources.signals.push(source);
      addDependent(stateOf(source), sources.reference);
    }
  }
  watchListeners(result, () => updateRetention(result, resultState));
  return result;
}

/** Web IDL `[EnforceRange] unsigned long long`. */
function toMilliseconds(value: unknown): number {
  const number = +(value as number);
  if (!Number.isFinite(number)) {
    throw new TypeError("Failed to execute 'timeout' on 'AbortSignal': Value is not a finite number.");
  }
  const integer = Math.trunc(number) + 0;
  if (integer < 0 || integer > Number.MAX_SAFE_INTEGER) {
    throw new TypeError(
      "Failed to execute 'timeout' on 'AbortSignal': Value is outside the 'unsigned long long' value range.",
    );
  }
  return integer;
}

/** HTML "run steps after a timeout", in slices Node's timers accept. */
function afterTimeout(milliseconds: number, steps: () => void): void {
  if (milliseconds <= MAX_TIMER_DELAY) scheduleTimer(steps, milliseconds);
  else scheduleTimer(() => afterTimeout(milliseconds - MAX_TIMER_DELAY, steps), MAX_TIMER_DELAY);
}

export class AbortSignal extends EventTarget {
  readonly #state: SignalState;

  constructor() {
    if (!creating) throw new TypeError("Failed to construct 'AbortSignal': Illegal constructor");
    creating = false;
    super();
    this.#state = { reason: undefined, algorithms: null, sources: null, dependents: null };
  }

  static abort(reason: unknown = undefined): AbortSignal {
    const signal = createAbortSignal();
    signal.#state.reason = reason === undefined ? newAbortError() : reason;
    return signal;
  }

  static timeout(milliseconds: unknown): AbortSignal {
    requireArguments(arguments.length, 1, { interface: 'AbortSignal', operation: 'timeout' });
    const delay = toMilliseconds(milliseconds);
    const signal = createAbortSignal();
    afterTimeout(delay, () => signalAbort(signal, new DOMException('signal timed out', 'TimeoutError')));
    return signal;
  }

  static any(signals: unknown): AbortSignal {
    const context = { interface: 'AbortSignal', operation: 'any' };
    requireArguments(arguments.length, 1, context);
    const list = toSequence(signals, context, 'sequence<AbortSignal>');
    for (const signal of list) {
      if (!isAbortSignal(signal)) {
        throw new TypeError(
          "Failed to execute 'any' on 'AbortSignal': an element is not of type 'AbortSignal'.",
        );
      }
    }
    return createDependentSignal(list as AbortSignal[]);
  }

  get aborted(): boolean {
    return checked(this, 'aborted').reason !== undefined;
  }

  get reason(): unknown {
    return checked(this, 'reason').reason;
  }

  throwIfAborted(): void {
    const { reason } = checked(this, 'throwIfAborted');
    if (reason !== undefined) throw reason;
  }

  get onabort(): object | null {
    checked(this, 'onabort');
    return getEventHandler(this, 'abort');
  }

  set onabort(value: unknown) {
    checked(this, 'onabort');
    setEventHandler(this, 'abort', value);
  }

  static {
    stateOf = (signal) => signal.#state;
    isAbortSignal = (value): value is AbortSignal =>
      typeof value === 'object' && value !== null && #state in value;
  }
}

defineInterface(AbortSignal, 'AbortSignal');

useSignalSupport({
  isSignal: (value) => isAbortSignal(value),
  isAborted: (signal) => isAborted(signal as AbortSignal),
  onAbort: (signal, algorithm) => addAbortAlgorithm(signal as AbortSignal, algorithm),
});
