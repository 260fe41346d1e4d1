/**
 * The service-worker handler format: `addEventListener('fetch', (event) => event.respondWith(…))`
 * (Service Workers §4.6 FetchEvent, as Workers implements it). Listeners live on the global scope's
 * event target (the events family); NANO fires a trusted FetchEvent there per request. As in any DOM
 * dispatch, an exception in a listener is reported (logged) and the other listeners still run; a
 * request no listener responded to fails.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { Event } from '../events/isolate-event.ts';
import { fireGlobalEvent, hasGlobalListeners } from '../events/isolate-global-scope.ts';
import type { WaitUntil } from './isolate-execution-context.ts';

export class FetchEvent extends Event {
  readonly #request: unknown;
  readonly #waitUntil: WaitUntil;
  #dispatching = false;
  #response: Promise<unknown> | undefined;

  constructor(request: unknown, waitUntil: WaitUntil) {
    super('fetch');
    this.#request = request;
    this.#waitUntil = waitUntil;
  }

  get request(): unknown {
    return this.#request;
  }

  /** Service Workers §4.6.4: only once, and only while the event is being dispatched. */
  respondWith(response: unknown): void {
    if (!this.#dispatching || this.#response !== undefined) {
      throw new DOMException(
        "Failed to execute 'respondWith' on 'FetchEvent': The event has already been responded to, or respondWith() was called after the event handler returned.",
        'InvalidStateError',
      );
    }
    this.#response = Promise.resolve(response);
  }

  waitUntil(promise: unknown): void {
    this.#waitUntil(promise);
  }

  /** A no-op: NANO has no origin server to fall through to. */
  passThroughOnException(): void {}

  /**
   * Fires a FetchEvent for `request` at the global scope and returns what `respondWith` received, or
   * undefined when no listener called it.
   */
  static dispatch(request: unknown, waitUntil: WaitUntil): Promise<unknown> | undefined {
    const event = new FetchEvent(request, waitUntil);
    event.#dispatching = true;
    try {
      fireGlobalEvent(event);
    } finally {
      event.#dispatching = false;
    }
    return event.#response;
  }
}

Object.defineProperty(FetchEvent.prototype, Symbol.toStringTag, { value: 'FetchEvent', configurable: true });

/** True when the app registered a `fetch` listener on the global scope. */
export function hasFetchListeners(): boolean {
  return hasGlobalListeners('fetch');
}
