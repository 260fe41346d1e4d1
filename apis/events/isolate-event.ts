// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/**
 * Event per DOM §2.2: its flags, phases and legacy members (`cancelBubble`, `returnValue`, `srcElement`,
 * `initEvent`). Dispatch (isolate-event-target.ts) works on an event's state through `eventState`.
 */
import { defineInterface, requireArguments, toDictionary, toDOMString } from '../fetch/isolate-webidl.ts';
import { recentNow } from '../performance/isolate-clock.ts';

export const NONE = 0;
const CAPTURING_PHASE = 1;
export const AT_TARGET = 2;
const BUBBLING_PHASE = 3;

/** An event's attributes and DOM §2.2 flags. */
export interface EventState {
  type: string;
  bubbles: boolean;
  cancelable: boolean;
  composed: boolean;
  isTrusted: boolean;
  timeStamp: number;
  target: object | null;
  currentTarget: object | null;
  eventPhase: number;
  stopPropagation: boolean;
  stopImmediatePropagation: boolean;
  canceled: boolean;
  inPassiveListener: boolean;
  initialized: boolean;
  dispatching: boolean;
}

let stateOf: (value: object) => EventState | undefined;

/** The state of `value`, or a TypeError naming the member when it is not an Event. */
export function eventState(value: unknown, member: string): EventState {
  const state = typeof value === 'object' && value !== null ? stateOf(value) : undefined;
  if (!state) throw new TypeError(`Illegal invocation: '${member}' needs an Event as its receiver`);
  return state;
}

export function isEvent(value: unknown): value is Event {
  return typeof value === 'object' && value !== null && stateOf(value) !== undefined;
}

/** DOM §2.2 "set the canceled flag": only for cancelable events, never from a passive listener. */
export function setCanceledFlag(state: EventState): void {
  if (state.cancelable && !state.inPassiveListener) state.canceled = true;
}

/** DOM §2.2 "initialize": also what `initEvent` and `initCustomEvent` do. */
export function initializeEvent(
  state: EventState,
  type: string,
  bubbles: boolean,
  cancelable: boolean,
): void {
  state.initialized = true;
  state.stopPropagation = false;
  state.stopImmediatePropagation = false;
  state.canceled = false;
  state.isTrusted = false;
  state.target = null;
  state.type = type;
  state.bubbles = bubbles;
  state.cancelable = cancelable;
}

/** The EventInit members (DOM §2.2), read in Web IDL dictionary order. */
function readEventInit(
  init: Record<string, unknown>,
): Pick<EventState, 'bubbles' | 'cancelable' | 'composed'> {
  const bubbles = Boolean(init.bubbles);
  const cancelable = Boolean(init.cancelable);
  const composed = Boolean(init.composed);
  return { bubbles, cancelable, composed };
}

/** `isTrusted` is [LegacyUnforgeable]: an own accessor of every event, the same getter for all of them. */
const isTrustedGetter = (
  Object.getOwnPropertyDescriptor(
    {
      get isTrusted() {
        return eventState(this, 'isTrusted').isTrusted;
      },
    },
    'isTrusted',
  ) as PropertyDescriptor
).get;

export class Event {
  readonly #state: EventState;

  constructor(type: unknown, eventInitDict: unknown = undefined) {
    const context = { interface: 'Event' };
    requireArguments(arguments.length, 1, context);
    const typeString = toDOMString(type);
    const init = readEventInit(toDictionary(eventInitDict, context, 'EventInit'));
    this.#state = {
      type: typeString,
      ...init,
      isTrusted: false,
      timeStamp: recentNow(),
      target: null,
      currentTarget: null,
      eventPhase: NONE,
      stopPropagation: false,
      stopImmediatePropagation: false,
      canceled: false,
      inPassiveListener: false,
      initialized: true,
      dispatching: false,
    };
    Object.defineProperty(this, 'isTrusted', { get: isTrustedGetter, enumerable: true, configurable: false });
  }

  get type(): string {
    return eventState(this, 'type').type;
  }

  get target(): object | null {
    return eventState(this, 'target').target;
  }

  /** Legacy alias of `target`. */
  get srcElement(): object | null {
    return eventState(this, 'srcElement').target;
  }

  get currentTarget(): object | null {
    return eventState(this, 'currentTarget').currentTarget;
  }

  /**
   * DOM §2.2 `composedPath()`. No target in a worker has a parent (there is no node tree), so while the
   * event is dispatched the path is its current target alone, and empty otherwise.
   */
  composedPath(): object[] {
    const { currentTarget } = eventState(this, 'composedPath');
    return currentTarget === null ? [] : [currentTarget];
  }

  get eventPhase(): number {
    return eventState(this, 'eventPhase').eventPhase;
  }

  stopPropagation(): void {
    eventState(this, 'stopPropagation').stopPropagation = true;
  }

  get cancelBubble(): boolean {
    return eventState(this, 'cancelBubble').stopPropagation;
  }

  set cancelBubble(value: unknown) {
    const state = eventState(this, 'cancelBubble');
    if (value) state.stopPropagation = true;
  }

  stopImmediatePropagation(): void {
    const state = eventState(this, 'stopImmediatePropagation');
    state.stopPropagation = true;
    state.stopImmediatePropagation = true;
  }

  get bubbles(): boolean {
    return eventState(this, 'bubbles').bubbles;
  }

  get cancelable(): boolean {
    return eventState(this, 'cancelable').cancelable;
  }

  get returnValue(): boolean {
    return !eventState(this, 'returnValue').canceled;
  }

  set returnValue(value: unknown) {
    const state = eventState(this, 'returnValue');
    if (!value) setCanceledFlag(state);
  }

  preventDefault(): void {
    setCanceledFlag(eventState(this, 'preventDefault'));
  }

  get defaultPrevented(): boolean {
    return eventState(this, 'defaultPrevented').canceled;
  }

  get composed(): boolean {
    return eventState(this, 'composed').composed;
  }

  get timeStamp(): number {
    return eventState(this, 'timeStamp').timeStamp;
  }

  initEvent(type: unknown, bubbles: unknown = false, cancelable: unknown = false): void {
    const state = eventState(this, 'initEvent');
    requireArguments(arguments.length, 1, { interface: 'Event', operation: 'initEvent' });
    const typeString = toDOMString(type);
    if (state.dispatching) return;
    initializeEvent(state, typeString, Boolean(bubbles), Boolean(cancelable));
  }

  static {
    stateOf = (value) => (#state in value ? (value as Event).#state : undefined);
  }
}

/** Web IDL constants: on the interface object and its prototype, read-only and enumerable. */
function defineConstants(interfaceObject: object, constants: Readonly<Record<string, number>>): void {
  const prototype = (interfaceObject as { prototype: object }).prototype;
  for (const [name, value] of Object.entries(constants)) {
    const descriptor = { value, enumerable: true, writable: false, configurable: false };
    Object.defineProperty(interfaceObject, name, descriptor);
    Object.defineProperty(prototype, name, descriptor);
  }
}

defineInterface(Event, 'Event');
defineConstants(Event, { NONE, CAPTURING_PHASE, AT_TARGET, BUBBLING_PHASE });
