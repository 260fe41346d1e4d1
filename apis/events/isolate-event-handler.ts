/**
 * Event handler IDL attributes (HTML §8.1.8), such as AbortSignal's `onabort`. A handler owns one
 * listener, added when it is first given a callback (which fixes its place among the other listeners)
 * and removed when it is set to null; replacing the callback keeps the place.
 */
import { isObject } from '../fetch/isolate-webidl.ts';
import { type Event, eventState, setCanceledFlag } from './isolate-event.ts';
import { addListener, removeMatchingListener } from './isolate-event-target.ts';

interface EventHandler {
  value: object | null;
  listener: ((event: Event) => void) | null;
}

const handlerMaps = new WeakMap<object, Map<string, EventHandler>>();

function handlerOf(target: object, type: string): EventHandler {
  let map = handlerMaps.get(target);
  if (!map) {
    map = new Map();
    handlerMaps.set(target, map);
  }
  let handler = map.get(type);
  if (!handler) {
    handler = { value: null, listener: null };
    map.set(type, handler);
  }
  return handler;
}

export function getEventHandler(target: object, type: string): object | null {
  return handlerMaps.get(target)?.get(type)?.value ?? null;
}

/** HTML §8.1.8.1 "the event handler processing algorithm" (for handlers other than `onerror`). */
function processingAlgorithm(handler: EventHandler): (event: Event) => void {
  return function processEvent(event: Event) {
    const callback = handler.value;
    // [LegacyTreatNonObjectAsNull]: a non-callable object is kept but does nothing.
    if (typeof callback !== 'function') return;
    const state = eventState(event, 'handleEvent');
    const returned: unknown = callback.call(state.currentTarget, event);
    if (returned === false) setCanceledFlag(state);
  };
}

/** The setter: [LegacyTreatNonObjectAsNull] turns every non-object into null, which deactivates the handler. */
export function setEventHandler(target: object, type: string, value: unknown): void {
  const handler = handlerOf(target, type);
  if (!isObject(value)) {
    handler.value = null;
    if (handler.listener) removeMatchingListener(target, type, handler.listener, false);
    handler.listener = null;
    return;
  }
  handler.value = value;
  if (handler.listener) return;
  handler.listener = processingAlgorithm(handler);
  addListener(target, type, handler.listener, { capture: false, passive: null, once: false, signal: null });
}
