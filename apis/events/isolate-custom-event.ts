// biome-ignore-all lint/complexity/noArguments: Web IDL counts the arguments actually passed (an explicit undefined counts).
/** CustomEvent per DOM §2.4: an Event with a `detail` the application chooses. */
import { defineInterface, requireArguments, toDictionary, toDOMString } from '../fetch/isolate-webidl.ts';
import { Event, eventState, initializeEvent } from './isolate-event.ts';

export class CustomEvent extends Event {
  #detail: unknown;

  constructor(type: unknown, eventInitDict: unknown = undefined) {
    const context = { interface: 'CustomEvent' };
    requireArguments(arguments.length, 1, context);
    const typeString = toDOMString(type);
    const init = toDictionary(eventInitDict, context, 'CustomEventInit');
    super(typeString, init);
    this.#detail = init.detail ?? null;
  }

  static #check(value: unknown, member: string): CustomEvent {
    if (typeof value !== 'object' || value === null || !(#detail in value)) {
      throw new TypeError(`Illegal invocation: '${member}' needs a CustomEvent as its receiver`);
    }
    return value as CustomEvent;
  }

  get detail(): unknown {
    return CustomEvent.#check(this, 'detail').#detail;
  }

  initCustomEvent(
    type: unknown,
    bubbles: unknown = false,
    cancelable: unknown = false,
    detail: unknown = null,
  ): void {
    CustomEvent.#check(this, 'initCustomEvent');
    requireArguments(arguments.length, 1, { interface: 'CustomEvent', operation: 'initCustomEvent' });
    const typeString = toDOMString(type);
    const state = eventState(this, 'initCustomEvent');
    if (state.dispatching) return;
    initializeEvent(state, typeString, Boolean(bubbles), Boolean(cancelable));
    this.#detail = detail;
  }
}

defineInterface(CustomEvent, 'CustomEvent');
