/**
 * DOM events (Event, EventTarget, CustomEvent) and HTML's error events (ErrorEvent,
 * PromiseRejectionEvent), and the global scope as an event target. Other families import from here:
 * `fireEvent` for events NANO itself fires (trusted), `hasGlobalListeners` to find handlers registered
 * with `addEventListener` on the global scope.
 */
import type { IsolateScope } from '../isolate-scope.ts';
import { CustomEvent } from './isolate-custom-event.ts';
import { ErrorEvent, PromiseRejectionEvent } from './isolate-error-events.ts';
import { Event } from './isolate-event.ts';
import { EventTarget } from './isolate-event-target.ts';
import { installGlobalScope } from './isolate-global-scope.ts';

export { CustomEvent } from './isolate-custom-event.ts';
export { ErrorEvent, PromiseRejectionEvent } from './isolate-error-events.ts';
export { Event } from './isolate-event.ts';
export { getEventHandler, setEventHandler } from './isolate-event-handler.ts';
export { EventTarget, fireEvent } from './isolate-event-target.ts';
export { fireGlobalEvent, hasGlobalListeners } from './isolate-global-scope.ts';

export function install(scope: IsolateScope): void {
  scope.defineGlobal('Event', Event);
  scope.defineGlobal('EventTarget', EventTarget);
  scope.defineGlobal('CustomEvent', CustomEvent);
  scope.defineGlobal('ErrorEvent', ErrorEvent);
  scope.defineGlobal('PromiseRejectionEvent', PromiseRejectionEvent);
  installGlobalScope(scope);
}
