/**
 * web-streams-polyfill looks `DOMException` up on the global object once, while its module is evaluated
 * (for the AbortError `pipeTo` uses when a signal has no reason). That happens when the bundle runs,
 * before any family is installed, so NANO's class is put in place first; the dom-exception family's
 * `install` later defines the same global with the same value. Imported before the polyfill by
 * isolate-standard.ts; module evaluation order is what makes this work.
 */
import { DOMException } from '../dom-exception/isolate.ts';
import { defineGlobal } from '../isolate-scope.ts';

defineGlobal('DOMException', DOMException);
